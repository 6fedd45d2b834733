# Cross build for 64-bit Arm Linux (Raspberry Pi OS 64-bit, Debian arm64)
# with Debian's cross compiler (g++-aarch64-linux-gnu). scripts/cross.sh
# arm64 sets everything up and is the way to use this file.
#
# The dependencies are Debian's arm64 packages unpacked into a sysroot
# (EDGEBENCH_SYSROOT, default build/sysroot-arm64) rather than installed:
# several of them cannot be installed beside their x86 twins, and installing
# the others upgrades the host's packages. The C library and libstdc++ to
# compile against come from the cross compiler itself (/usr/aarch64-linux-gnu).
set(EDGEBENCH_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(EDGEBENCH_QEMU qemu-aarch64-static)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
