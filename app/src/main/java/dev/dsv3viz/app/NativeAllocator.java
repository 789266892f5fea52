package dev.dsv3viz.app;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

import java.util.List;

/**
 * glibc's malloc, where the process has it (Linux). ND4J takes its native buffers and the small native
 * record behind every array from it, from several threads; freed memory stays in malloc's arenas, so
 * resident memory says as much about when memory was last trimmed as about what is still in use.
 * Elsewhere both calls report that they could not run.
 */
final class NativeAllocator {
    private NativeAllocator() {
    }

    /** glibc's functions this class calls, bound by JNA on first use. */
    interface Glibc extends Library {
        int malloc_trim(long pad);

        MallocInfo.ByValue mallinfo2();
    }

    /** glibc's {@code struct mallinfo2}: byte counts as {@code size_t}, in declaration order. */
    public static class MallocInfo extends Structure {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        /** The struct returned by value, as {@code mallinfo2()} returns it. */
        public static class ByValue extends MallocInfo implements Structure.ByValue {
        }

        @Override
        protected List<String> getFieldOrder() {
            return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                    "fordblks", "keepcost");
        }
    }

    private static final class Holder {
        private static final Glibc GLIBC = load();

        private static Glibc load() {
            try {
                return Native.loadLibrary("c", Glibc.class);
            } catch (LinkageError e) {
                return null;
            }
        }
    }

    /** Gives whole free pages in every arena back to the system ({@code malloc_trim(0)}); false where it cannot. */
    static boolean trim() {
        try {
            return Holder.GLIBC != null && Holder.GLIBC.malloc_trim(0) >= 0;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Bytes malloc has handed out and not had back, its arenas' chunks in use plus its directly mapped
     * blocks ({@code mallinfo2}: uordblks + hblkhd); -1 where it cannot tell (no glibc 2.33 or later).
     */
    static long inUseBytes() {
        try {
            if (Holder.GLIBC == null) {
                return -1;
            }
            MallocInfo info = Holder.GLIBC.mallinfo2();
            return info.uordblks + info.hblkhd;
        } catch (LinkageError e) {
            return -1;
        }
    }
}
