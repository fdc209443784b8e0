# Builds tests/consumer against cradle, either with add_subdirectory (MODE=subdirectory)
# or with find_package after `cmake --install` into a scratch prefix (MODE=install),
# then runs it. The installed run hides the source tree so the factors must come
# from the install prefix.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}")
  endif()
endfunction()
set(consumer ${SOURCE}/tests/consumer)
if(MODE STREQUAL "subdirectory")
  run(${CMAKE_COMMAND} -S ${consumer} -B ${WORK}/build -DCRADLE_SOURCE=${SOURCE} -DCMAKE_BUILD_TYPE=Release)
  run(${CMAKE_COMMAND} --build ${WORK}/build -j2)
  run(${WORK}/build/consumer)
else()
  # install cradle alone (library, headers, factors) into a scratch prefix
  run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/cradle -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_INSTALL_PREFIX=${WORK}/prefix -DCRADLE_BUILD_TESTS=OFF -DCRADLE_BUILD_BENCHMARKS=OFF
      -DCRADLE_BUILD_CLI=OFF -DCRADLE_INSTALL=ON)
  run(${CMAKE_COMMAND} --build ${WORK}/cradle -j2)
  run(${CMAKE_COMMAND} --install ${WORK}/cradle)
  run(${CMAKE_COMMAND} -S ${consumer} -B ${WORK}/build -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCMAKE_BUILD_TYPE=Release)
  run(${CMAKE_COMMAND} --build ${WORK}/build -j2)
  if(NOT EXISTS ${WORK}/prefix/share/cradle/factors/ipcc-gwp/gwp100.csv)
    message(FATAL_ERROR "factors were not installed")
  endif()
  run(${WORK}/build/consumer)
endif()
