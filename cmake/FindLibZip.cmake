# FindLibZip — libzip (Debian: libzip-dev) as the imported target LibZip::LibZip. Debian 12's own
# libzip CMake package names a zipcmp tool that the -dev package does not ship and fails to load,
# so this finds the header and library directly (pkg-config's hints when available).
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_LIBZIP QUIET libzip)
endif()
find_path(LibZip_INCLUDE_DIR zip.h HINTS ${PC_LIBZIP_INCLUDE_DIRS})
find_library(LibZip_LIBRARY NAMES zip libzip HINTS ${PC_LIBZIP_LIBRARY_DIRS})
set(LibZip_VERSION ${PC_LIBZIP_VERSION})
find_package_handle_standard_args(LibZip
  REQUIRED_VARS LibZip_LIBRARY LibZip_INCLUDE_DIR
  VERSION_VAR LibZip_VERSION)
if(LibZip_FOUND AND NOT TARGET LibZip::LibZip)
  add_library(LibZip::LibZip UNKNOWN IMPORTED)
  set_target_properties(LibZip::LibZip PROPERTIES
    IMPORTED_LOCATION "${LibZip_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibZip_INCLUDE_DIR}")
endif()
mark_as_advanced(LibZip_INCLUDE_DIR LibZip_LIBRARY)
