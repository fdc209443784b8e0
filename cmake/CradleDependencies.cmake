# cradle's C++ dependencies, found once for every target.
#
# The system's first (Debian's -dev packages, or anything on CMAKE_PREFIX_PATH). In a pip build
# (scikit-build-core, SKBUILD) on a machine without them, the packages pip installed as build
# requirements (pyproject.toml) stand in: Eigen's CMake package from cmeel-eigen, {fmt}'s from
# cmeel-fmt (header-only, so nothing in the wheel points into pip's temporary build environment)
# and nlohmann/json's headers from the nlohmann-json package. docs/python.md, "Installing".
#
# Three parts need a library the Python package index does not carry; each is a feature that
# is on when its library is found (CRADLE_WITH_<X>=AUTO, the default of a pip build) or
# required (ON, the default of every other build), or left out (OFF):
#   SIGNATURES  libsodium  SHA-256 and Ed25519: signed PACT footprints, keygen, verify
#   ZIP         libzip     databases read from .zip files (folders always work)
#   ECOSPOLD    pugixml    the EcoSpold 1 and 2 importers
# and the command-line tool needs CLI11 (a pip build without it leaves the CLI out). A part left
# out says so when called (error id "feature-unavailable") and in cradle.features (Python).
include_guard(GLOBAL)

if(SKBUILD)
  set(_cradle_feature_default AUTO)
else()
  set(_cradle_feature_default ON)
endif()
foreach(_f SIGNATURES ZIP ECOSPOLD)
  set(CRADLE_WITH_${_f} ${_cradle_feature_default} CACHE STRING
      "Build the part of cradle that needs its optional library: ON, AUTO or OFF")
  set_property(CACHE CRADLE_WITH_${_f} PROPERTY STRINGS ON AUTO OFF)
endforeach()

# The site-packages folders of the Python that builds the wheel, where pip put the build
# requirements: cmeel's prefix and nlohmann-json's include folder.
function(_cradle_pip_paths)
  if(NOT SKBUILD AND NOT CRADLE_PYTHON)
    return()
  endif()
  find_package(Python 3.9 QUIET COMPONENTS Interpreter)
  if(NOT Python_Interpreter_FOUND)
    return()
  endif()
  execute_process(
    COMMAND "${Python_EXECUTABLE}" -c
            "import importlib.util, os, sys
prefix = next((os.path.join(p, 'cmeel.prefix') for p in sys.path
               if os.path.isdir(os.path.join(p, 'cmeel.prefix'))), '')
spec = importlib.util.find_spec('nlohmann_json')
inc = os.path.join(os.path.dirname(spec.origin), 'include') if spec and spec.origin else ''
print(prefix + ';' + inc)"
    OUTPUT_VARIABLE _out OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
  if(_rc EQUAL 0)
    list(GET _out 0 _prefix)
    list(GET _out 1 _inc)
    set(CRADLE_PIP_PREFIX "${_prefix}" PARENT_SCOPE)
    set(CRADLE_PIP_JSON_INCLUDE "${_inc}" PARENT_SCOPE)
  endif()
endfunction()

# Eigen
find_package(Eigen3 3.4 QUIET NO_MODULE)
if(NOT Eigen3_FOUND)
  _cradle_pip_paths()
  if(CRADLE_PIP_PREFIX)
    list(APPEND CMAKE_PREFIX_PATH "${CRADLE_PIP_PREFIX}")
  endif()
  find_package(Eigen3 3.4 REQUIRED NO_MODULE)
  set(CRADLE_EIGEN_FROM_PIP ON)
  message(STATUS "cradle: Eigen ${Eigen3_VERSION} from ${Eigen3_DIR}")
endif()

# nlohmann/json
find_package(nlohmann_json 3.10 QUIET)
if(NOT nlohmann_json_FOUND)
  _cradle_pip_paths()
  if(CRADLE_PIP_JSON_INCLUDE AND EXISTS "${CRADLE_PIP_JSON_INCLUDE}/nlohmann/json.hpp")
    add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
    set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${CRADLE_PIP_JSON_INCLUDE}")
    set(CRADLE_JSON_FROM_PIP ON)
    message(STATUS "cradle: nlohmann/json headers from ${CRADLE_PIP_JSON_INCLUDE}")
  else()
    find_package(nlohmann_json 3.10 REQUIRED) # fails with CMake's own message
  endif()
endif()

# The optional parts.
list(APPEND CMAKE_MODULE_PATH ${CMAKE_CURRENT_LIST_DIR})
macro(_cradle_feature name package)
  if(CRADLE_WITH_${name} STREQUAL "ON")
    find_package(${package} ${ARGN} REQUIRED)
    set(CRADLE_HAVE_${name} ON)
  elseif(CRADLE_WITH_${name} STREQUAL "AUTO")
    find_package(${package} ${ARGN} QUIET)
    set(CRADLE_HAVE_${name} ${${package}_FOUND})
  else()
    set(CRADLE_HAVE_${name} OFF)
  endif()
  if(NOT CRADLE_HAVE_${name})
    message(STATUS "cradle: built without ${name} (${package} not found or CRADLE_WITH_${name}=OFF)")
  endif()
endmacro()
_cradle_feature(SIGNATURES sodium 1.0.18)
_cradle_feature(ZIP LibZip 1.5)
_cradle_feature(ECOSPOLD pugixml 1.11)

# The command-line tool: CLI11 and {fmt}.
if(CRADLE_BUILD_CLI)
  find_package(CLI11 QUIET)
  find_package(fmt QUIET)
  if(NOT fmt_FOUND)
    _cradle_pip_paths()
    if(CRADLE_PIP_PREFIX)
      list(APPEND CMAKE_PREFIX_PATH "${CRADLE_PIP_PREFIX}")
    endif()
    find_package(fmt QUIET)
  endif()
  if(NOT CLI11_FOUND OR NOT fmt_FOUND)
    if(SKBUILD)
      message(WARNING "cradle: the command-line tool is left out of this wheel: CLI11 "
                      "(Debian libcli11-dev) or {fmt} was not found; the library and the Python "
                      "module are complete. `cradle` and `python -m cradle` will say so.")
      set(CRADLE_BUILD_CLI OFF)
    else()
      find_package(CLI11 REQUIRED)
      find_package(fmt REQUIRED)
    endif()
  endif()
  # {fmt} from pip is used header-only: its shared library lives in pip's build environment.
  if(TARGET fmt::fmt-header-only AND CRADLE_PIP_PREFIX AND fmt_DIR MATCHES "cmeel.prefix")
    set(CRADLE_FMT_TARGET fmt::fmt-header-only)
  else()
    set(CRADLE_FMT_TARGET fmt::fmt)
  endif()
endif()
