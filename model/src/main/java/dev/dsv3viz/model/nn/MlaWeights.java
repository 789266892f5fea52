package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of one MLA sub-layer, each stored (in, out) so that {@code x · W} applies it.
 *
 * @param qA      {@code q_a_proj}: h -> c_Q, (hidden, q_lora_rank); null when the query is projected directly
 * @param qANorm  {@code q_a_layernorm}, (q_lora_rank); null without q LoRA
 * @param qB      {@code q_b_proj} (c_Q -> q) or {@code q_proj} (h -> q), (q_lora_rank or hidden, heads * qk_head_dim)
 * @param kvA     {@code kv_a_proj_with_mqa}: h -> [c_KV | k_rope], (hidden, kv_lora_rank + qk_rope)
 * @param kvANorm {@code kv_a_layernorm}, (kv_lora_rank)
 * @param kvB     {@code kv_b_proj}: c_KV -> per-head [k_nope | v], (kv_lora_rank, heads * (qk_nope + v_head))
 * @param o       {@code o_proj}, (heads * v_head, hidden)
 */
public record MlaWeights(INDArray qA, INDArray qANorm, INDArray qB, INDArray kvA, INDArray kvANorm, INDArray kvB,
                         INDArray o) {
}
