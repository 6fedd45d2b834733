# Cross build for 32-bit Arm Linux (Raspberry Pi OS 32-bit and Raspbian, the
# original benchmark's system; Debian armhf) with Debian's cross compiler
# (g++-arm-linux-gnueabihf). scripts/cross.sh armhf sets everything up and
# is the way to use this file; see aarch64-linux-gnu.cmake for the layout.
set(EDGEBENCH_CROSS_TRIPLE arm-linux-gnueabihf)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(EDGEBENCH_QEMU qemu-arm-static)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
# GCC notes on 32-bit Arm that passing some types changed ABI in GCC 7.1;
# everything here is built by one compiler, so the notes only bury real
# warnings.
set(CMAKE_CXX_FLAGS_INIT -Wno-psabi)
