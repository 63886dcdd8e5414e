#!/usr/bin/python3
"""PyTorch peer of `quickfix apply` for DIFF-QUICKFIX (benchmark only; not part of the product or the tests).

Does the same edit as QuickFix.Build (algorithm.md §1.8, bias-free targets by default) in plain PyTorch, the way a
Python user would without diffusers: read the diffusers text encoder's safetensors itself (JSON header + numpy),
run CLIP layer 0 in float64 on the templated key/value prompts, collect the (key, value) pairs (last subject token
and every later position, values clamped at position 76), form M1 = Σ v kᵀ and M2 = Σ k kᵀ, solve
W* (λI + M2) = λW₀ + M1, round W* to the file's dtype and write it into a copy of the text encoder file. Debian's
python3 has no CLIP tokenizer and no safetensors package, so the token ids come from our CLI and the file is read by
hand:

  /usr/bin/python3 tests/bench/edit_pytorch.py prompts --edits EDITS.tsv > prompts.txt
  mapfile -t P < prompts.txt; quickfix tokenize --model MODEL --json "${P[@]}" > tokens.json
  /usr/bin/python3 tests/bench/edit_pytorch.py edit --model MODEL --tokens tokens.json --edits EDITS.tsv \
      --out OUT.safetensors [--lambda 0.01] [--targets bias-free|reference] [--threads 2] [--dump-weight W.npy]
  /usr/bin/python3 tests/bench/edit_pytorch.py compare OURS.safetensors PEER.safetensors   # the edited weights agree?

EDITS.tsv holds one edit per line: key, a tab, value. MODEL is a diffusers folder (text_encoder/model*.safetensors
and its config.json). What it leaves out, and `apply` does: tokenizing, preserve prompts, hashing, the manifest and
the delta, and hard-linking the untouched components (it writes the edited text encoder file alone). It prints one
JSON line of phase timings (seconds) on standard output.
"""
import argparse
import json
import os
import shutil
import sys
import time

START = time.perf_counter()
np = torch = None  # imported by `edit` only, and timed there: `prompts` needs neither

TEMPLATES = ["{}", "A photo of {}", "An image of {}", "A picture of {}"]
CONTEXT = 77
DTYPES = {"F16": "float16", "F32": "float32", "F64": "float64"}  # numpy dtype names
PREFIX = "text_model."


def apply_template(template, caption):
    """TIME's rule (PromptTemplate.Apply): "{}" verbatim, else a leading capital "A" lower-cased."""
    if template == "{}":
        return caption
    lowered = "a" + caption[1:] if caption.startswith("A") else caption
    return template.replace("{}", lowered)


def read_edits(path):
    edits = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                key, value = line.split("\t")
                edits.append((key, value))
    return edits


def prompt_pairs(edits):
    return [(apply_template(t, k), apply_template(t, v)) for k, v in edits for t in TEMPLATES]


def text_encoder_file(model):
    folder = os.path.join(model, "text_encoder")
    for name in ("model.safetensors", "model.fp16.safetensors", "model.bf16.safetensors"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    sys.exit(f"{folder}: no model*.safetensors")


class Safetensors:
    """The header of a safetensors file and memory-mapped views of its tensors."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
            self.header = json.loads(f.read(n))
        self.data_offset = 8 + n
        self.map = np.memmap(path, dtype=np.uint8, mode="r")

    def entry(self, name):
        return self.header[name]

    def array(self, name):
        e = self.header[name]
        begin, end = e["data_offsets"]
        raw = self.map[self.data_offset + begin:self.data_offset + end]
        return raw.view(DTYPES[e["dtype"]]).reshape(e["shape"])

    def float64(self, name, rows=None):
        a = self.array(name)
        return torch.from_numpy(np.asarray(a if rows is None else a[rows], dtype=np.float64))


def layer0_contexts(st, config, ids):
    """The input of layer 0's out_proj for every prompt: [prompts, 77, d], float64 (transformers' CLIP, pre-LN)."""
    heads, eps = config["num_attention_heads"], config["layer_norm_eps"]
    rows, inverse = np.unique(ids, return_inverse=True)  # only the vocabulary rows the prompts use are read
    token = st.float64(PREFIX + "embeddings.token_embedding.weight", rows)
    position = st.float64(PREFIX + "embeddings.position_embedding.weight")[:CONTEXT]
    p = PREFIX + "encoder.layers.0."
    ln_w, ln_b = st.float64(p + "layer_norm1.weight"), st.float64(p + "layer_norm1.bias")
    proj = {n: (st.float64(p + f"self_attn.{n}.weight"), st.float64(p + f"self_attn.{n}.bias")) for n in ("q_proj", "k_proj", "v_proj")}
    width = token.shape[1]
    head_dim = width // heads
    mask = torch.full((CONTEXT, CONTEXT), float("-inf"), dtype=torch.float64).triu(1)
    index = torch.from_numpy(inverse.reshape(ids.shape).astype(np.int64))
    out = torch.empty((ids.shape[0], CONTEXT, width), dtype=torch.float64)
    with torch.inference_mode():
        for start in range(0, ids.shape[0], 256):
            h = token[index[start:start + 256]] + position
            x = torch.nn.functional.layer_norm(h, (width,), ln_w, ln_b, eps)
            b = x.shape[0]

            def split(name):
                w, bias = proj[name]
                return torch.nn.functional.linear(x, w, bias).view(b, CONTEXT, heads, head_dim).transpose(1, 2)

            q, k, v = split("q_proj") * head_dim ** -0.5, split("k_proj"), split("v_proj")
            weights = (q @ k.transpose(-1, -2) + mask).softmax(-1)
            out[start:start + b] = (weights @ v).transpose(1, 2).reshape(b, CONTEXT, width)
    return out


def edit(args):
    global np, torch
    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    times = {"import": time.perf_counter() - START}
    t = time.perf_counter()
    model = os.path.abspath(args.model)
    with open(os.path.join(model, "text_encoder", "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    eos = config["eos_token_id"]
    with open(args.tokens, encoding="utf-8") as f:
        padded = {entry["text"]: entry["padded"] for entry in json.load(f) if entry.get("encoder", 0) == 0}
    pairs = prompt_pairs(read_edits(args.edits))
    texts = sorted({text for pair in pairs for text in pair})
    missing = [text for text in texts if text not in padded]
    if missing:
        sys.exit(f"{args.tokens}: no token ids for {missing[0]!r} (and {len(missing) - 1} more)")
    row = {text: i for i, text in enumerate(texts)}
    ids = np.array([padded[text] for text in texts], dtype=np.int64)
    path = text_encoder_file(model)
    st = Safetensors(path)
    weight_name = PREFIX + "encoder.layers.0.self_attn.out_proj.weight"
    w0 = st.float64(weight_name)
    b0 = st.float64(PREFIX + "encoder.layers.0.self_attn.out_proj.bias")
    times["read"] = time.perf_counter() - t

    t = time.perf_counter()
    contexts = layer0_contexts(st, config, ids)
    times["forward"] = time.perf_counter() - t

    t = time.perf_counter()
    last = [int(np.argmax(ids[i] == eos)) - 1 for i in range(len(texts))]  # last subject token (§1.3 find_index)
    key_rows, key_pos, value_rows, value_pos = [], [], [], []
    for anchor, target in pairs:
        a, b = row[anchor], row[target]
        for j in range(CONTEXT - last[a]):
            key_rows.append(a)
            key_pos.append(last[a] + j)
            value_rows.append(b)
            value_pos.append(min(last[b] + j, CONTEXT - 1))
    keys = contexts[key_rows, key_pos]
    values = contexts[value_rows, value_pos] @ w0.T
    if args.targets == "reference":
        values = values + b0
    m1 = values.T @ keys
    m2 = keys.T @ keys
    times["accumulate"] = time.perf_counter() - t

    t = time.perf_counter()
    width = w0.shape[0]
    system = m2 + args.lam * torch.eye(width, dtype=torch.float64)
    factor = torch.linalg.cholesky(system)
    edited = torch.cholesky_solve((args.lam * w0 + m1).T.contiguous(), factor).T  # W*(λI + M2) = λW₀ + M1
    times["solve"] = time.perf_counter() - t

    t = time.perf_counter()
    entry = st.entry(weight_name)
    encoded = edited.numpy().astype(DTYPES[entry["dtype"]])  # rounded once from float64
    tmp = args.out + ".tmp"
    shutil.copyfile(path, tmp)
    with open(tmp, "r+b") as f:
        f.seek(st.data_offset + entry["data_offsets"][0])
        f.write(encoded.tobytes())
    os.replace(tmp, args.out)
    times["write"] = time.perf_counter() - t
    if args.dump_weight:
        np.save(args.dump_weight, edited.numpy())
    times["total"] = time.perf_counter() - START
    print(json.dumps({"edits": len(pairs) // len(TEMPLATES), "pairs": len(key_rows), "width": width, "threads": args.threads,
                      "seconds": {k: round(v, 4) for k, v in times.items()}}))


def compare(args):
    """How far the peer's edited weight is from ours, in the stored dtype (both are W* rounded once from float64)."""
    global np
    import numpy as np

    name = PREFIX + "encoder.layers.0.self_attn.out_proj.weight"
    ours, peer = (np.asarray(Safetensors(path).array(name), dtype=np.float64) for path in (args.ours, args.peer))
    differing = int((ours != peer).sum())
    print(f"{name}: {differing} of {ours.size} elements differ; max |ours - peer| = {np.abs(ours - peer).max():.3g} "
          f"(max |W*| = {np.abs(ours).max():.3g}, dtype {Safetensors(args.ours).entry(name)['dtype']})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prompts", help="print the distinct templated prompts of EDITS.tsv, one per line")
    p.add_argument("--edits", required=True)
    e = sub.add_parser("edit", help="edit the text encoder and write the edited file")
    e.add_argument("--model", required=True)
    e.add_argument("--tokens", required=True)
    e.add_argument("--edits", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--lambda", dest="lam", type=float, default=0.01)
    e.add_argument("--targets", choices=["bias-free", "reference"], default="bias-free")
    e.add_argument("--threads", type=int, default=2)
    e.add_argument("--dump-weight", help="also save W* (float64, before rounding) as .npy")
    c = sub.add_parser("compare", help="compare the edited out_proj weight of two text encoder files")
    c.add_argument("ours")
    c.add_argument("peer")
    args = parser.parse_args()
    if args.command == "compare":
        compare(args)
    elif args.command == "prompts":
        seen = set()
        for pair in prompt_pairs(read_edits(args.edits)):
            for text in pair:
                if text not in seen:
                    seen.add(text)
                    print(text)
    else:
        edit(args)


if __name__ == "__main__":
    main()
