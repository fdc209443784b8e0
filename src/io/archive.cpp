// cradle — a database as a folder or a zip file (libzip; a build without it reads folders only).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/io/archive.hpp"

#include "cradle/error.hpp"
#include "cradle/io/files.hpp"

#if CRADLE_HAVE_LIBZIP
#include <zip.h>
#endif

#include <algorithm>
#include <system_error>

namespace cradle {

namespace {
[[noreturn]] void fail(std::string id, const std::string& message) {
    throw input_error({problem{std::move(id), message}});
}

#if CRADLE_HAVE_LIBZIP
struct zip_closer {
    void operator()(zip_t* z) const noexcept { zip_discard(z); }
};
struct file_closer {
    void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};
#endif
} // namespace

bool reads_zip_files() noexcept {
#if CRADLE_HAVE_LIBZIP
    return true;
#else
    return false;
#endif
}

struct archive::impl {
    std::filesystem::path path;
#if CRADLE_HAVE_LIBZIP
    std::unique_ptr<zip_t, zip_closer> zip;
    std::vector<zip_uint64_t> index; ///< zip: entry -> zip index, parallel to `entries`
#else
    void* zip = nullptr; // never a zip
#endif
    std::vector<std::string> entries;
};

archive::archive(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
archive::archive(archive&&) noexcept = default;
archive& archive::operator=(archive&&) noexcept = default;
archive::~archive() = default;

const std::filesystem::path& archive::path() const noexcept {
    return impl_->path;
}
bool archive::is_zip() const noexcept {
    return impl_->zip != nullptr;
}
const std::vector<std::string>& archive::entries() const noexcept {
    return impl_->entries;
}

std::string archive::where(const std::string& entry) const {
    return impl_->zip ? impl_->path.string() + "!/" + entry : (impl_->path / entry).string();
}

archive archive::open(const std::filesystem::path& path, std::size_t max_entries) {
    auto p = std::make_unique<impl>();
    p->path = path;
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st))
        fail("file-not-readable", path.string() + ": no such file or folder");
    if (std::filesystem::is_directory(st)) {
        std::filesystem::recursive_directory_iterator it(
            path, std::filesystem::directory_options::skip_permission_denied, ec);
        if (ec) fail("file-not-readable", path.string() + ": " + ec.message());
        for (; it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) fail("file-not-readable", path.string() + ": " + ec.message());
            if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
            p->entries.push_back(std::filesystem::relative(it->path(), path).generic_string());
            if (p->entries.size() > max_entries)
                fail("bad-archive",
                     path.string() + ": more than " + std::to_string(max_entries) + " files");
        }
        std::sort(p->entries.begin(), p->entries.end());
        return archive(std::move(p));
    }
    if (!std::filesystem::is_regular_file(st))
        fail("not-a-file", path.string() + ": neither a folder nor a zip file");
#if !CRADLE_HAVE_LIBZIP
    fail("feature-unavailable",
         path.string() + ": this build of cradle reads no zip files (it was built without "
                         "libzip): extract the archive and pass its folder, or install libzip-dev "
                         "and rebuild, or use the binary wheel");
#else
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        std::string why = zip_error_strerror(&ze);
        zip_error_fini(&ze);
        fail(err == ZIP_ER_OPEN || err == ZIP_ER_READ ? "file-not-readable" : "bad-archive",
             path.string() + ": not a readable zip file (" + why + ")");
    }
    p->zip.reset(z);
    const zip_int64_t n = zip_get_num_entries(z, 0);
    if (n < 0 || static_cast<zip_uint64_t>(n) > max_entries)
        fail("bad-archive", path.string() + ": " + std::to_string(n) + " entries (at most " +
                                std::to_string(max_entries) + ")");
    std::vector<std::pair<std::string, zip_uint64_t>> names;
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(n); ++i) {
        const char* name = zip_get_name(z, i, ZIP_FL_ENC_GUESS);
        if (!name)
            fail("bad-archive",
                 path.string() + ": entry " + std::to_string(i) + " has no readable name");
        std::string s = name;
        if (s.empty() || s.back() == '/') continue; // a folder
        names.emplace_back(std::move(s), i);
    }
    std::sort(names.begin(), names.end());
    for (std::size_t i = 0; i + 1 < names.size(); ++i)
        if (names[i].first == names[i + 1].first)
            fail("bad-archive", path.string() + ": entry '" + names[i].first + "' appears twice");
    for (auto& [name, i] : names) {
        p->entries.push_back(std::move(name));
        p->index.push_back(i);
    }
    return archive(std::move(p));
#endif
}

std::string archive::read(const std::string& entry) const {
    const auto it = std::lower_bound(impl_->entries.begin(), impl_->entries.end(), entry);
    if (it == impl_->entries.end() || *it != entry)
        fail("file-not-readable", where(entry) + ": no such entry");
    if (!impl_->zip) return read_text_file(impl_->path / entry);
#if CRADLE_HAVE_LIBZIP
    const zip_uint64_t i = impl_->index[static_cast<std::size_t>(it - impl_->entries.begin())];
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(impl_->zip.get(), i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        fail("bad-archive", where(entry) + ": cannot read the entry's size");
    const std::uintmax_t limit = max_file_bytes();
    if (st.size > limit)
        fail("file-too-large", where(entry) + ": " + std::to_string(st.size) +
                                   " bytes uncompressed, more than the limit of " +
                                   std::to_string(limit) + " (CRADLE_MAX_FILE_BYTES)");
    std::unique_ptr<zip_file_t, file_closer> f(zip_fopen_index(impl_->zip.get(), i, 0));
    if (!f)
        fail("bad-archive",
             where(entry) + ": cannot open the entry (" + zip_strerror(impl_->zip.get()) + ")");
    std::string out(static_cast<std::size_t>(st.size), '\0');
    std::size_t got = 0;
    while (got < out.size()) {
        const zip_int64_t r = zip_fread(f.get(), out.data() + got, out.size() - got);
        if (r < 0)
            fail("bad-archive", where(entry) + ": corrupt or truncated entry (" +
                                    zip_file_strerror(f.get()) + ")");
        if (r == 0) break;
        got += static_cast<std::size_t>(r);
    }
    if (got != out.size())
        fail("bad-archive", where(entry) + ": entry ends after " + std::to_string(got) + " of " +
                                std::to_string(out.size()) + " bytes");
    char probe = 0; // reading to the end checks the CRC
    if (zip_fread(f.get(), &probe, 1) != 0)
        fail("bad-archive", where(entry) + ": entry is longer than it says or fails its CRC (" +
                                zip_file_strerror(f.get()) + ")");
    return out;
#else
    fail("feature-unavailable", where(entry) + ": zip files are not read by this build");
#endif
}

} // namespace cradle
