# Read by cpack (CPACK_PROJECT_CONFIG_FILE): sets CPACK_DEBIAN_PACKAGE_DEPENDS
# from the libraries the binary loads, the way dpkg-shlibdeps does, which
# cannot be pointed at a cross build's sysroot. For each NEEDED entry of
# EDGEBENCH_DEB_BINARY: the package owning lib/<triple>/<soname> in the dpkg
# database under EDGEBENCH_DEB_ROOT, and that package's shlibs line for the
# library (e.g. "libXNNPACK 0 libxnnpack0 (>= 0.0~git20220216.ae108ef)"). A
# line without a version (libstdc++6, libgcc-s1) gets the version built
# against as its lower bound. Fails, naming the library, where a step finds
# nothing.
set(edgebench_admindir "${EDGEBENCH_DEB_ROOT}/var/lib/dpkg")

function(edgebench_dpkg_query out)
  execute_process(COMMAND dpkg-query --admindir=${edgebench_admindir} ${ARGN}
                  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE result
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT result EQUAL 0)
    string(JOIN " " args ${ARGN})
    message(FATAL_ERROR "Debian dependencies: dpkg-query --admindir=${edgebench_admindir} "
                        "${args} failed: ${errors}")
  endif()
  set(${out} "${output}" PARENT_SCOPE)
endfunction()

# The Depends entry for library `soname`.
function(edgebench_soname_depends soname out)
  edgebench_dpkg_query(owners -S "*/lib/${EDGEBENCH_DEB_TRIPLE}/${soname}")
  string(REGEX MATCH "^[^:, ]+(:[a-z0-9]+)?" package "${owners}")
  # libfoo.so.1 is "libfoo 1" in shlibs, libfoo-1.2.so "libfoo 1.2". (One
  # MATCHES per if(): if() evaluates every test, and a failed one clears
  # CMAKE_MATCH_n.)
  if(soname MATCHES "^(.+)\\.so\\.(.+)$")
  elseif(NOT soname MATCHES "^(.+)-([0-9.]+)\\.so$")
    message(FATAL_ERROR "Debian dependencies: ${soname}: not a library name this understands")
  endif()
  set(library ${CMAKE_MATCH_1})
  set(soversion ${CMAKE_MATCH_2})
  edgebench_dpkg_query(shlibs --control-show ${package} shlibs)
  # libstdc++: the name is matched literally.
  string(REGEX REPLACE "([][+.*?()^$|\\])" "\\\\\\1" library_pattern "${library}")
  string(REGEX MATCH "\n${library_pattern} ${soversion} ([^\n]+)" line "\n${shlibs}")
  if(NOT line)
    message(FATAL_ERROR "Debian dependencies: ${package}'s shlibs has no line for ${soname}")
  endif()
  set(depends "${CMAKE_MATCH_1}")
  if(NOT depends MATCHES "[(|,]")
    edgebench_dpkg_query(version -W -f=\${Version} ${package})
    string(REGEX REPLACE "-[^-]*$" "" upstream "${version}")
    set(depends "${depends} (>= ${upstream})")
  endif()
  set(${out} "${depends}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${EDGEBENCH_DEB_READELF} -d ${EDGEBENCH_DEB_BINARY}
                OUTPUT_VARIABLE dynamic RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "Debian dependencies: cannot read ${EDGEBENCH_DEB_BINARY}")
endif()
string(REGEX MATCHALL "\\(NEEDED\\)[^[]*\\[[^]]+\\]" needed "${dynamic}")
set(edgebench_depends "")
foreach(entry ${needed})
  string(REGEX REPLACE ".*\\[(.+)\\]" "\\1" soname "${entry}")
  edgebench_soname_depends(${soname} depends)
  list(APPEND edgebench_depends "${depends}")
endforeach()
list(REMOVE_DUPLICATES edgebench_depends)
list(SORT edgebench_depends)
string(JOIN ", " CPACK_DEBIAN_PACKAGE_DEPENDS ${edgebench_depends})
message(STATUS "Debian dependencies: ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
