#include <cstdio>

int main() {
  std::puts("edgebench: under construction");
  return 0;
}
