# Shared by the Debian cross toolchain files: they set EDGEBENCH_CROSS_TRIPLE,
# CMAKE_SYSTEM_PROCESSOR and EDGEBENCH_QEMU, then include this file.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${EDGEBENCH_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${EDGEBENCH_CROSS_TRIPLE}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${EDGEBENCH_CROSS_TRIPLE})

if(NOT EDGEBENCH_SYSROOT)
  message(FATAL_ERROR "EDGEBENCH_SYSROOT is not set: run scripts/cross.sh, which unpacks the "
                      "dependencies into a sysroot and passes it")
endif()
# try_compile runs a fresh CMake that reads this file again: pass the sysroot on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EDGEBENCH_SYSROOT)

# Libraries and headers from the unpacked packages only; programs (flatc)
# from the host.
set(CMAKE_FIND_ROOT_PATH ${EDGEBENCH_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Debian puts architecture-specific headers (jconfig.h, ...) in a multiarch
# folder, which the cross compiler only looks for in its own tree.
set(CMAKE_C_STANDARD_INCLUDE_DIRECTORIES ${EDGEBENCH_SYSROOT}/usr/include/${EDGEBENCH_CROSS_TRIPLE})
set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES ${EDGEBENCH_SYSROOT}/usr/include/${EDGEBENCH_CROSS_TRIPLE})

# The unpacked libraries need each other at link time (libarmnn needs
# libflatbuffers, libXNNPACK needs libcpuinfo, ...): tell the linker where.
set(edgebench_sysroot_libs
    "${EDGEBENCH_SYSROOT}/usr/lib/${EDGEBENCH_CROSS_TRIPLE}:${EDGEBENCH_SYSROOT}/lib/${EDGEBENCH_CROSS_TRIPLE}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-rpath-link,${edgebench_sysroot_libs}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-Wl,-rpath-link,${edgebench_sysroot_libs}")

# Tests and test discovery run the target's programs through user-mode
# QEMU, which loads them with the sysroot's own loader and C library.
set(CMAKE_CROSSCOMPILING_EMULATOR ${EDGEBENCH_QEMU} -L ${EDGEBENCH_SYSROOT})
