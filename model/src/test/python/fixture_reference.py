#!/usr/bin/env python3
"""Reference outputs for the project's test fixtures, from DeepSeek's own inference code.

DeepSeek publishes the inference code of DeepSeek-V3 as `inference/model.py` in the repository
deepseek-ai/DeepSeek-V3. This script loads a Hugging Face-layout checkpoint folder into that code,
runs it in float64 and writes the outputs in the fixture format that `verify` and the golden tests read
(docs/fixtures.md). It never ships with the project and the tests do not run it: put model.py into a
folder of your own outside the repository and pass that folder with --model-py.

    outputs CHECKPOINT --ids-from FILE | --random-ids SEED  --out expected.safetensors
    compare A.safetensors B.safetensors     max differences between two expected files
    v2 DIR                                  writes the V2-style random checkpoint (config.json, model.safetensors)

Needs PyTorch (Debian: python3-torch). model.py imports Triton kernels for FP8 arithmetic; a module
of stand-ins that raise is put in their place, because every weight here is float64 by the time it is
loaded (FP8 weights are multiplied by their block scales first, in float32, as the project's loader does).

What model.py cannot do on its own, and how this script does it:
- the MoE gate's load-balancing bias: model.py creates it only for hidden size 7168; for a checkpoint
  with `e_score_correction_bias` the bias is set on each gate after construction.
- multi-token prediction: model.py has none. Each MTP module is assembled from model.py's own Block,
  RMSNorm and Linear following the convention in docs/fixtures.md.
- per-layer hidden states and logits at every position: the layers are called one by one, as
  model.py's Transformer.forward calls them.
"""
import argparse
import json
import math
import os
import struct
import sys
import types

import torch
import torch.nn.functional as F

PROMPT_TOKENS = 24
GREEDY_PROMPT = 8
GREEDY_NEW = 12

STORED = {"F32": torch.float32, "F64": torch.float64, "BF16": torch.bfloat16, "F16": torch.float16,
          "I32": torch.int32, "I64": torch.int64, "F8_E4M3": torch.uint8}
NAMES = {v: k for k, v in STORED.items() if k != "F8_E4M3"}


# ---------------------------------------------------------------- safetensors

def read_safetensors(path):
    """name -> (dtype name, tensor as stored; FP8 as raw bytes in uint8)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    start = 8 + length
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = bytearray(data[start + begin:start + end])
        t = torch.frombuffer(raw, dtype=STORED[entry["dtype"]]) if raw else torch.empty(0, dtype=STORED[entry["dtype"]])
        out[name] = (entry["dtype"], t.reshape(entry["shape"]).clone())
    return out


def write_safetensors(path, tensors, metadata=None):
    header = {"__metadata__": dict(metadata or {}, format="pt")}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.contiguous()
        raw = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def e4m3_table():
    """The 256 values of OCP FP8 E4M3 ("fn": bias 7, no infinities, S.1111.111 is NaN)."""
    values = []
    for b in range(256):
        sign = -1.0 if b & 0x80 else 1.0
        exponent = (b >> 3) & 0xF
        mantissa = b & 0x7
        if exponent == 0xF and mantissa == 0x7:
            values.append(float("nan"))
        elif exponent == 0:
            values.append(sign * mantissa / 8 * 2.0 ** -6)
        else:
            values.append(sign * (1 + mantissa / 8) * 2.0 ** (exponent - 7))
    return torch.tensor(values, dtype=torch.float32)


def read_checkpoint(folder):
    """Every weight of a checkpoint folder (single file or sharded) as float64."""
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    stored = {}
    for name in files:
        stored.update(read_safetensors(os.path.join(folder, name)))
    table = e4m3_table()
    weights = {}
    for name, (dtype, t) in stored.items():
        if name.endswith("_scale_inv") and stored.get(name[:-len("_scale_inv")], ("",))[0] == "F8_E4M3":
            continue
        if dtype == "F8_E4M3":
            scale = stored[name + "_scale_inv"][1]
            values = table[t.long()]
            block = scale.repeat_interleave(128, 0)[:t.shape[0]].repeat_interleave(128, 1)[:, :t.shape[1]]
            weights[name] = (values * block).double()  # the product in float32, as the loader forms it
        else:
            weights[name] = t.double()
    return weights


# ---------------------------------------------------------------- model.py

def import_model_py(folder):
    if not hasattr(F, "rms_norm"):  # PyTorch before 2.4; model.py's RMSNorm calls it
        def rms_norm(x, shape, weight, eps):
            return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight
        F.rms_norm = rms_norm
    stand_ins = types.ModuleType("kernel")
    for fn in ("act_quant", "weight_dequant", "fp8_gemm"):
        def refuse(*args, _fn=fn, **kwargs):
            raise NotImplementedError(_fn + " is not used: the reference runs float64 weights")
        setattr(stand_ins, fn, refuse)
    sys.modules["kernel"] = stand_ins
    sys.path.insert(0, folder)
    import model
    return model


def model_args(mp, c):
    """model.py's arguments for a config.json, refusing what model.py computes differently."""
    routed = c.get("n_routed_experts") or 0
    scoring = c.get("scoring_func", "sigmoid")
    method = c.get("topk_method", "noaux_tc")
    if routed == 0 or c.get("moe_layer_freq", 1) != 1:
        sys.exit("model.py needs MoE layers on every layer after first_k_dense_replace")
    if c.get("norm_topk_prob", True) != (scoring == "sigmoid"):
        sys.exit("model.py normalises the gate weights exactly when scoring is sigmoid")
    if (method == "noaux_tc") != (scoring == "sigmoid"):
        sys.exit("this script pairs sigmoid with noaux_tc (bias) and softmax with greedy/group_limited_greedy")
    if c.get("tie_word_embeddings") or not c.get("rope_interleave", True) or c.get("rms_norm_eps", 1e-6) != 1e-6:
        sys.exit("model.py has untied embeddings, interleaved rope pairs and RMSNorm epsilon 1e-6")
    seq = c["max_position_embeddings"]
    rope = c.get("rope_scaling")
    yarn = {}
    if rope:
        if rope.get("mscale", 1.0) != rope.get("mscale_all_dim", 0.0):
            sys.exit("model.py has one YaRN mscale: mscale and mscale_all_dim must agree")
        yarn = dict(original_seq_len=rope["original_max_position_embeddings"], rope_factor=rope["factor"],
                    beta_fast=rope.get("beta_fast", 32), beta_slow=rope.get("beta_slow", 1), mscale=rope["mscale"])
    else:
        yarn = dict(original_seq_len=seq)
    return mp.ModelArgs(
        max_batch_size=1, max_seq_len=seq, vocab_size=c["vocab_size"], dim=c["hidden_size"],
        inter_dim=c["intermediate_size"], moe_inter_dim=c["moe_intermediate_size"], n_layers=c["num_hidden_layers"],
        n_dense_layers=c.get("first_k_dense_replace", 0), n_heads=c["num_attention_heads"],
        n_routed_experts=routed, n_shared_experts=c.get("n_shared_experts") or 0,
        n_activated_experts=c["num_experts_per_tok"], n_expert_groups=c.get("n_group") or 1,
        n_limited_groups=c.get("topk_group") or 1, score_func=scoring, route_scale=c.get("routed_scaling_factor", 1.0),
        q_lora_rank=c.get("q_lora_rank") or 0, kv_lora_rank=c["kv_lora_rank"], qk_nope_head_dim=c["qk_nope_head_dim"],
        qk_rope_head_dim=c["qk_rope_head_dim"], v_head_dim=c["v_head_dim"], rope_theta=c.get("rope_theta", 10000.0),
        **yarn)


class Mtp(torch.nn.Module):
    """One MTP module from model.py's parts: two norms, the projection, a decoder block, the head's norm."""

    def __init__(self, mp, args, layer_id):
        super().__init__()
        self.enorm = mp.RMSNorm(args.dim)
        self.hnorm = mp.RMSNorm(args.dim)
        self.eh_proj = mp.Linear(2 * args.dim, args.dim)
        self.block = mp.Block(layer_id, args)
        self.head_norm = mp.RMSNorm(args.dim)
        self.embed = torch.nn.Parameter(torch.empty(args.vocab_size, args.dim))
        self.head = torch.nn.Parameter(torch.empty(args.vocab_size, args.dim))


BLOCK_PARTS = {"input_layernorm": "attn_norm", "post_attention_layernorm": "ffn_norm",
               "self_attn.q_proj": "attn.wq", "self_attn.q_a_proj": "attn.wq_a", "self_attn.q_a_layernorm": "attn.q_norm",
               "self_attn.q_b_proj": "attn.wq_b", "self_attn.kv_a_proj_with_mqa": "attn.wkv_a",
               "self_attn.kv_a_layernorm": "attn.kv_norm", "self_attn.kv_b_proj": "attn.wkv_b", "self_attn.o_proj": "attn.wo",
               "mlp.gate_proj": "ffn.w1", "mlp.down_proj": "ffn.w2", "mlp.up_proj": "ffn.w3", "mlp.gate": "ffn.gate"}
PROJ = {"gate_proj": "w1", "down_proj": "w2", "up_proj": "w3"}
MTP_PARTS = {"enorm.weight": "enorm.weight", "hnorm.weight": "hnorm.weight", "eh_proj.weight": "eh_proj.weight",
             "shared_head.norm.weight": "head_norm.weight", "embed_tokens.weight": "embed",
             "shared_head.head.weight": "head"}


def block_name(rest):
    """A Hugging Face name inside one decoder layer, without its prefix, as model.py's Block names it."""
    if rest.startswith("mlp.experts.") or rest.startswith("mlp.shared_experts."):
        parts = rest.split(".")
        proj = parts[-2]
        where = ".".join(parts[1:-2]) if parts[1] == "experts" else "shared_experts"
        return "ffn." + where + "." + PROJ[proj] + ".weight"
    if rest == "mlp.gate.e_score_correction_bias":
        return "ffn.gate.bias"
    stem = rest[:-len(".weight")]
    return BLOCK_PARTS[stem] + ".weight"


class Reference:
    def __init__(self, mp, folder, dtype):
        with open(os.path.join(folder, "config.json")) as f:
            self.config = json.load(f)
        c = self.config
        self.layers = c["num_hidden_layers"]
        self.depth = c.get("num_nextn_predict_layers", 0)
        args = model_args(mp, c)
        mp.attn_impl = "naive"
        torch.set_default_dtype(torch.float64)
        self.model = mp.Transformer(args)
        self.mtp = torch.nn.ModuleList([Mtp(mp, args, self.layers + k) for k in range(self.depth)])
        weights = read_checkpoint(folder)
        if c.get("topk_method", "noaux_tc") == "noaux_tc":
            for layer in list(self.model.layers) + [m.block for m in self.mtp]:
                if isinstance(layer.ffn, mp.MoE):
                    layer.ffn.gate.bias = torch.nn.Parameter(torch.empty(args.n_routed_experts))
        main, extra = {}, {}
        for name, t in weights.items():
            if name == "model.embed_tokens.weight":
                main["embed.weight"] = t
            elif name == "lm_head.weight":
                main["head.weight"] = t
            elif name == "model.norm.weight":
                main["norm.weight"] = t
            else:
                parts = name.split(".")
                i = int(parts[2])
                rest = ".".join(parts[3:])
                if i < self.layers:
                    main["layers.%d.%s" % (i, block_name(rest))] = t
                elif rest in MTP_PARTS:
                    extra["%d.%s" % (i - self.layers, MTP_PARTS[rest])] = t
                else:
                    extra["%d.block.%s" % (i - self.layers, block_name(rest))] = t
        for k in range(self.depth):  # checkpoints may leave out the modules' copies of embedding and head
            extra.setdefault("%d.embed" % k, main["embed.weight"])
            extra.setdefault("%d.head" % k, main["head.weight"])
        cast = (lambda t: t.double() if t.is_floating_point() else t) if dtype == torch.float64 \
            else (lambda t: t.float() if t.is_floating_point() else t)
        self.model._apply(cast)  # floating tensors only: the rotary table stays complex
        self.mtp._apply(cast)
        self.model.load_state_dict({k: v.to(dtype) for k, v in main.items()}, strict=True)
        self.mtp.load_state_dict({k: v.to(dtype) for k, v in extra.items()}, strict=True)
        self.dtype = dtype
        self.routes = []
        for layer in list(self.model.layers) + [m.block for m in self.mtp]:
            if isinstance(layer.ffn, mp.MoE):
                layer.ffn.gate.register_forward_hook(lambda module, inputs, output: self.routes.append(output))

    @torch.inference_mode()
    def run(self, ids):
        """Every quantity of the fixture format for a prompt of T tokens."""
        m = self.model
        t = len(ids)
        tokens = torch.tensor([ids])
        freqs = m.freqs_cis[:t]
        mask = torch.full((t, t), float("-inf"), dtype=self.dtype).triu_(1)
        out = {"input_ids": torch.tensor(ids, dtype=torch.int32)}
        self.routes.clear()
        h = m.embed(tokens)  # (1, T, dim)
        out["expected.hidden.0"] = h[0]
        for i, layer in enumerate(m.layers):
            h = layer(h, 0, freqs, mask)
            if i < self.layers - 1:
                out["expected.hidden.%d" % (i + 1)] = h[0]
        normed = m.norm(h)
        out["expected.hidden.%d" % self.layers] = normed[0]
        out["expected.logits"] = m.head(normed)[0]
        moe_layers = [i for i, layer in enumerate(m.layers) if layer.ffn.__class__.__name__ == "MoE"]
        for i, (w, e) in zip(moe_layers, self.routes):
            out["expected.route.layer%d.weights" % i] = w
            out["expected.route.layer%d.experts" % i] = e.int()
        self.routes.clear()
        previous = h[0]  # the last layer's output before the final norm, (T, dim)
        for k in range(1, self.depth + 1):
            mod = self.mtp[k - 1]
            n = t - k
            emb = F.embedding(tokens[0, k:k + n], mod.embed)  # Emb(t_{i+k}), (n, dim)
            x = mod.eh_proj(torch.cat([mod.enorm(emb), mod.hnorm(previous[:n])], dim=-1))
            hk = mod.block(x[None], 0, freqs[:n], mask[:n, :n])[0]
            out["expected.mtp.%d.logits" % (k - 1)] = F.linear(mod.head_norm(hk), mod.head)
            w, e = self.routes[-1]
            out["expected.route.mtp%d.weights" % (k - 1)] = w
            out["expected.route.mtp%d.experts" % (k - 1)] = e.int()
            previous = hk
        out["expected.greedy_ids"], self.greedy_margin = self.greedy(ids[:GREEDY_PROMPT], GREEDY_NEW)
        return out

    def greedy(self, prompt, count):
        """Greedy decoding with model.py's own forward and KV cache; also the smallest top-2 logit gap."""
        seq = list(prompt)
        logits = self.model.forward(torch.tensor([seq]), 0)
        margin = math.inf
        for _ in range(count):
            top = logits[0].topk(2).values
            margin = min(margin, float(top[0] - top[1]))
            seq.append(int(logits[0].argmax()))
            logits = self.model.forward(torch.tensor([[seq[-1]]]), len(seq) - 1)
        return torch.tensor(seq, dtype=torch.int32), margin


def as_stored(out):
    return {k: (v.float() if v.is_floating_point() else v).contiguous() for k, v in out.items()}


def compare(a, b):
    """Max |a - b| per key (floats), tokens whose expert set differs (routes), ids differing (greedy)."""
    lines = []
    for k in sorted(set(a) | set(b)):
        if k not in a or k not in b:
            lines.append("%-36s only in %s" % (k, "first" if k in a else "second"))
            continue
        x, y = a[k], b[k]
        if k.endswith(".experts"):
            diff = sum(set(r.tolist()) != set(s.tolist()) for r, s in zip(x, y))
            lines.append("%-36s %d tokens differ" % (k, diff))
        elif k.endswith(".weights"):
            ex, ey = a[k[:-len("weights")] + "experts"], b[k[:-len("weights")] + "experts"]
            worst = 0.0
            for r in range(x.shape[0]):
                mine = dict(zip(ex[r].tolist(), x[r].double().tolist()))
                for e, value in zip(ey[r].tolist(), y[r].double().tolist()):
                    if e in mine:
                        worst = max(worst, abs(mine[e] - value))
            lines.append("%-36s max |diff| %.3g, expert by expert (max |value| %.3g)" % (k, worst, y.abs().max()))
        elif x.is_floating_point():
            lines.append("%-36s max |diff| %.3g (max |value| %.3g)" % (k, (x.double() - y.double()).abs().max(), y.abs().max()))
        else:
            lines.append("%-36s %d differ" % (k, int((x != y).sum())))
    return "\n".join(lines)


# ---------------------------------------------------------------- the V2-style checkpoint

V2_CONFIG = {
    "architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "torch_dtype": "float32",
    "vocab_size": 512, "hidden_size": 64, "intermediate_size": 160, "num_hidden_layers": 3,
    "max_position_embeddings": 512, "rms_norm_eps": 1e-6, "tie_word_embeddings": False,
    "num_attention_heads": 4, "num_key_value_heads": 4, "q_lora_rank": None, "kv_lora_rank": 32,
    "qk_nope_head_dim": 16, "qk_rope_head_dim": 8, "v_head_dim": 16,
    "n_routed_experts": 32, "n_shared_experts": 2, "num_experts_per_tok": 6, "moe_intermediate_size": 24,
    "n_group": 8, "topk_group": 3, "first_k_dense_replace": 1, "moe_layer_freq": 1,
    "scoring_func": "softmax", "topk_method": "group_limited_greedy", "norm_topk_prob": False,
    "routed_scaling_factor": 16.0, "num_nextn_predict_layers": 0,
    "rope_theta": 10000.0, "rope_interleave": True,
    "rope_scaling": {"type": "yarn", "factor": 8.0, "original_max_position_embeddings": 64,
                     "beta_fast": 32, "beta_slow": 1, "mscale": 0.707, "mscale_all_dim": 0.707},
    "bos_token_id": 0, "eos_token_id": 1, "aux_loss_alpha": 0.001, "seq_aux": True,
}


def v2_weights(c, seed):
    """Random float32 weights: projections N(0, 0.08²), the router N(0, 0.5²) so that its softmax is peaked
    (gate weights up to ~16), RMSNorm gains near 1."""
    g = torch.Generator().manual_seed(seed)
    h, heads = c["hidden_size"], c["num_attention_heads"]
    qk = c["qk_nope_head_dim"] + c["qk_rope_head_dim"]

    def normal(*shape, std=0.08):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * std).float()

    def gain(n):
        return (1 + torch.randn(n, generator=g, dtype=torch.float64) * 0.1).float()

    def mlp(prefix, width):
        return {prefix + "gate_proj.weight": normal(width, h), prefix + "up_proj.weight": normal(width, h),
                prefix + "down_proj.weight": normal(h, width)}

    w = {"model.embed_tokens.weight": normal(c["vocab_size"], h, std=1.0), "model.norm.weight": gain(h),
         "lm_head.weight": normal(c["vocab_size"], h, std=0.2)}
    for i in range(c["num_hidden_layers"]):
        p = "model.layers.%d." % i
        w[p + "input_layernorm.weight"] = gain(h)
        w[p + "post_attention_layernorm.weight"] = gain(h)
        a = p + "self_attn."
        w[a + "q_proj.weight"] = normal(heads * qk, h)
        w[a + "kv_a_proj_with_mqa.weight"] = normal(c["kv_lora_rank"] + c["qk_rope_head_dim"], h)
        w[a + "kv_a_layernorm.weight"] = gain(c["kv_lora_rank"])
        w[a + "kv_b_proj.weight"] = normal(heads * (c["qk_nope_head_dim"] + c["v_head_dim"]), c["kv_lora_rank"])
        w[a + "o_proj.weight"] = normal(h, heads * c["v_head_dim"])
        if i < c["first_k_dense_replace"]:
            w.update(mlp(p + "mlp.", c["intermediate_size"]))
        else:
            w[p + "mlp.gate.weight"] = normal(c["n_routed_experts"], h, std=0.5)
            for e in range(c["n_routed_experts"]):
                w.update(mlp(p + "mlp.experts.%d." % e, c["moe_intermediate_size"]))
            w.update(mlp(p + "mlp.shared_experts.", c["moe_intermediate_size"] * c["n_shared_experts"]))
    return dict(sorted(w.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-py", default=os.environ.get("DEEPSEEK_MODEL_PY", "."),
                        help="folder holding DeepSeek-V3's inference/model.py")
    sub = parser.add_subparsers(dest="command", required=True)
    o = sub.add_parser("outputs")
    o.add_argument("checkpoint")
    o.add_argument("--ids-from", help="an expected.safetensors whose input_ids to use")
    o.add_argument("--random-ids", type=int, help="seed for a random prompt of 24 tokens")
    o.add_argument("--out", required=True)
    o.add_argument("--check-float32", action="store_true",
                   help="also run in float32 and print how far it is from float64 (robustness of the choices)")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    v = sub.add_parser("v2")
    v.add_argument("dir")
    v.add_argument("--seed", type=int, default=2)
    a = parser.parse_args()
    torch.set_num_threads(1)

    if a.command == "compare":
        load = lambda p: {k: t for k, (d, t) in read_safetensors(p).items()}
        print(compare(load(a.a), load(a.b)))
        return
    if a.command == "v2":
        os.makedirs(a.dir, exist_ok=True)
        with open(os.path.join(a.dir, "config.json"), "w") as f:
            json.dump(V2_CONFIG, f, indent=2)
            f.write("\n")
        write_safetensors(os.path.join(a.dir, "model.safetensors"), v2_weights(V2_CONFIG, a.seed))
        return

    mp = import_model_py(a.model_py)
    if a.ids_from:
        ids = read_safetensors(a.ids_from)["input_ids"][1].tolist()
    else:
        with open(os.path.join(a.checkpoint, "config.json")) as f:
            vocab = json.load(f)["vocab_size"]
        ids = torch.randint(2, vocab, (PROMPT_TOKENS,), generator=torch.Generator().manual_seed(a.random_ids)).tolist()
    ref = Reference(mp, a.checkpoint, torch.float64)
    out = as_stored(ref.run(ids))
    print("smallest top-2 logit gap while decoding greedily: %.3g" % ref.greedy_margin)
    if a.check_float32:
        mp.attn_impl = "absorb"
        single = Reference(mp, a.checkpoint, torch.float32)
        print("model.py float32 (absorbed MLA) against float64 (naive MLA):")
        print(compare(as_stored(single.run(ids)), out))
    write_safetensors(a.out, out, {"reference": "DeepSeek-V3 inference/model.py, float64, naive MLA",
                                   "checkpoint": os.path.basename(os.path.normpath(a.checkpoint))})


if __name__ == "__main__":
    main()
