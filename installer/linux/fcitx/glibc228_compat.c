/* Two glibc symbols that the build machine's static libstdc++ (GCC 12, built on glibc 2.36) refers to
 * and glibc 2.28 (Kylin V10, UOS 20) lacks. Defined here, hidden, so the plugin binds them to itself and
 * needs nothing newer than GLIBC_2.28 from the system. The arm64 build (aarch64 cross GCC 12, glibc 2.31
 * floor: Kylin V10 desktop) links it for the same two symbols.
 *
 * __libc_single_threaded (glibc 2.32): libstdc++ skips atomic reference counting when it is non-zero.
 *   Always 0 here, so every count stays atomic: what libstdc++ does on a glibc without the variable.
 * arc4random (glibc 2.36): only std::random_device("arc4random") calls it; the plugin never does, but
 *   the archive member that holds it comes in with std::string's exception helpers. Same contract as
 *   glibc's: 32 random bits from the kernel, abort if the kernel cannot give them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((visibility("hidden"))) char __libc_single_threaded = 0;

__attribute__((visibility("hidden"))) uint32_t arc4random(void)
{
    uint32_t value;
    if (getentropy(&value, sizeof value) != 0)
        abort();
    return value;
}
