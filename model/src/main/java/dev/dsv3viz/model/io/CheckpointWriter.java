package dev.dsv3viz.model.io;

import dev.dsv3viz.model.config.ModelConfig;
import dev.dsv3viz.model.nn.BlockWeights;
import dev.dsv3viz.model.nn.MlpWeights;
import dev.dsv3viz.model.nn.ModelWeights;
import dev.dsv3viz.model.nn.MtpWeights;
import dev.dsv3viz.model.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes weights as a Hugging Face-layout {@code model.safetensors} under the released checkpoint's
 * tensor names, projections transposed back to (out, in): exactly what {@link CheckpointLoader} reads.
 * The file is written beside its destination and moved into place, so an interrupted write never leaves
 * a broken checkpoint behind.
 */
public final class CheckpointWriter {
    private CheckpointWriter() {
    }

    public static void write(ModelConfig c, ModelWeights w, Path file) throws IOException {
        SafeTensorsWriter out = new SafeTensorsWriter();
        plain(out, "model.embed_tokens.weight", w.embedding());
        plain(out, "model.norm.weight", w.finalNorm());
        if (!c.tieWordEmbeddings()) {
            linear(out, "lm_head.weight", w.head());
        }
        for (int i = 0; i < w.layers().size(); i++) {
            block(out, "model.layers." + i + ".", w.layers().get(i));
        }
        for (int k = 1; k <= w.mtp().size(); k++) {
            String p = "model.layers." + c.mtpLayerIndex(k) + ".";
            MtpWeights m = w.mtp().get(k - 1);
            block(out, p, m.block());
            plain(out, p + "enorm.weight", m.enorm());
            plain(out, p + "hnorm.weight", m.hnorm());
            linear(out, p + "eh_proj.weight", m.ehProj());
            plain(out, p + "shared_head.norm.weight", m.headNorm());
            // The released checkpoints store copies of the shared embedding and head in every MTP layer.
            plain(out, p + "embed_tokens.weight", m.embedding());
            linear(out, p + "shared_head.head.weight", m.head());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        out.write(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void block(SafeTensorsWriter out, String p, BlockWeights b) {
        plain(out, p + "input_layernorm.weight", b.inputNorm());
        plain(out, p + "post_attention_layernorm.weight", b.postAttentionNorm());
        String a = p + "self_attn.";
        if (b.attention().qA() != null) {
            linear(out, a + "q_a_proj.weight", b.attention().qA());
            plain(out, a + "q_a_layernorm.weight", b.attention().qANorm());
            linear(out, a + "q_b_proj.weight", b.attention().qB());
        } else {
            linear(out, a + "q_proj.weight", b.attention().qB());
        }
        linear(out, a + "kv_a_proj_with_mqa.weight", b.attention().kvA());
        plain(out, a + "kv_a_layernorm.weight", b.attention().kvANorm());
        linear(out, a + "kv_b_proj.weight", b.attention().kvB());
        linear(out, a + "o_proj.weight", b.attention().o());
        String m = p + "mlp.";
        if (b.mlp() != null) {
            mlp(out, m, b.mlp());
            return;
        }
        linear(out, m + "gate.weight", b.moe().router());
        if (b.moe().bias() != null) {
            out.put(m + "gate.e_score_correction_bias", b.moe().bias(), b.moe().bias().length);
        }
        for (int e = 0; e < b.moe().experts().size(); e++) {
            mlp(out, m + "experts." + e + ".", b.moe().experts().get(e));
        }
        if (b.moe().shared() != null) {
            mlp(out, m + "shared_experts.", b.moe().shared());
        }
    }

    private static void mlp(SafeTensorsWriter out, String p, MlpWeights w) {
        linear(out, p + "gate_proj.weight", w.gate());
        linear(out, p + "up_proj.weight", w.up());
        linear(out, p + "down_proj.weight", w.down());
    }

    private static void plain(SafeTensorsWriter out, String name, INDArray a) {
        out.put(name, Tensors.floats(a), a.shape());
    }

    /** A projection kept (in, out) by the engine, stored (out, in) as Hugging Face does. */
    private static void linear(SafeTensorsWriter out, String name, INDArray a) {
        INDArray t = a.transpose(); // (out, in)
        out.put(name, Tensors.floats(t), t.shape());
    }
}
