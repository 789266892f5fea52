package dev.dsv3viz.model.io;

/** Bit-exact conversions of the reduced-precision float formats checkpoints use to float32. */
public final class FloatCodecs {
    private static final float[] E4M3 = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            E4M3[b] = decodeE4M3(b);
        }
    }

    private FloatCodecs() {
    }

    /** bfloat16 is the upper half of a float32. */
    public static float bf16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** IEEE 754 half precision (Java 17 has no {@code Float.float16ToFloat}). */
    public static float f16(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f;
            return sign == 0 ? sub : -sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** OCP FP8 E4M3 (the "fn" variant DeepSeek-V3 ships): bias 7, no infinities, S.1111.111 is NaN. */
    public static float e4m3(byte bits) {
        return E4M3[bits & 0xff];
    }

    private static float decodeE4M3(int b) {
        int sign = (b >> 7) & 1;
        int exp = (b >> 3) & 0xf;
        int mant = b & 0x7;
        float value;
        if (exp == 0xf && mant == 0x7) {
            value = Float.NaN;
        } else if (exp == 0) {
            value = mant / 8.0f * (float) Math.pow(2, -6);
        } else {
            value = (1 + mant / 8.0f) * (float) Math.pow(2, exp - 7);
        }
        return sign == 1 ? -value : value;
    }
}
