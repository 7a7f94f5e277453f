#!/usr/bin/env python3
"""Export a diffusers Qwen-Image pipeline to the qwen-image-java model folder (docs/model-format.md).

    python export_qwen_image.py --model Qwen/Qwen-Image --output qwen-image-onnx --dtype fp16 --verify
    python export_qwen_image.py --tiny --output qwen-image-tiny-onnx --verify

Each network is exported on its own, with the inputs and outputs the Java SDK feeds and reads:

  text_encoder  input_ids, attention_mask (int64 [B, L])        -> last_hidden_state [B, L, D] (after the final norm)
  transformer   hidden_states [B, Li, 4C], encoder_hidden_states [B, Lt, D], encoder_hidden_states_mask int64 [B, Lt],
                timestep [B] (sigma), img_rope [Li, A/2], txt_rope [Lt, A/2] -> sample [B, Li, 4C]
  vae_decoder   latent_sample [B, C, h, w] (un-normalized)      -> sample [B, 3, h*f, w*f]
  vae_encoder   sample [B, 3, H, W] in [-1, 1]                  -> latent_sample [B, C, H/f, W/f] (the mean)

diffusers applies Qwen-Image's rotary embedding by multiplying features, read as complex pairs, with complex
frequencies; ONNX has no complex type. The exported transformer therefore takes the rotation *angles* and rotates each
adjacent feature pair (x0, x1) by them with cos/sin, which is the same complex product written in reals.
"""

import argparse
import json
import math
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

TEMPLATE = (
    "<|im_start|>system\nDescribe the image by detailing the color, shape, size, texture, quantity, text, spatial "
    "relationships of the objects and background:<|im_end|>\n<|im_start|>user\n{}<|im_end|>\n<|im_start|>assistant\n"
)
DROP_TOKENS = 34
OPSET = 18
TWO_GB = 2 * 1024**3


# ----------------------------------------------------------------------------------------------------------------------
# Wrappers: one nn.Module per network, with the contract's inputs and outputs.
# ----------------------------------------------------------------------------------------------------------------------


class TextEncoderForOnnx(nn.Module):
    """The Qwen2.5-VL language model's final hidden state (diffusers reads hidden_states[-1], which is after the norm)."""

    def __init__(self, text_encoder):
        super().__init__()
        self.m = text_encoder

    def forward(self, input_ids, attention_mask):
        out = self.m(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True, use_cache=False)
        return out.hidden_states[-1]


def rotate_pairs(x, cos, sin):
    """Rotate adjacent feature pairs of x [B, S, H, A] by angles given as cos/sin [S, A/2].

    Equal to diffusers' apply_rotary_emb_qwen(x, freqs, use_real=False): view_as_complex(x.reshape(..., -1, 2)) * freqs.
    """
    x = x.float()
    x_even, x_odd = x[..., 0::2], x[..., 1::2]
    cos = cos[None, :, None, :]
    sin = sin[None, :, None, :]
    out_even = x_even * cos - x_odd * sin
    out_odd = x_even * sin + x_odd * cos
    return torch.stack([out_even, out_odd], dim=-1).flatten(-2)


class RealRopeAttnProcessor:
    """diffusers' QwenDoubleStreamAttnProcessor2_0 with the rotation applied from cos/sin instead of complex numbers."""

    def __call__(self, attn, hidden_states, encoder_hidden_states=None, encoder_hidden_states_mask=None,
                 attention_mask=None, image_rotary_emb=None):
        seq_txt = encoder_hidden_states.shape[1]
        img_q = attn.to_q(hidden_states).unflatten(-1, (attn.heads, -1))
        img_k = attn.to_k(hidden_states).unflatten(-1, (attn.heads, -1))
        img_v = attn.to_v(hidden_states).unflatten(-1, (attn.heads, -1))
        txt_q = attn.add_q_proj(encoder_hidden_states).unflatten(-1, (attn.heads, -1))
        txt_k = attn.add_k_proj(encoder_hidden_states).unflatten(-1, (attn.heads, -1))
        txt_v = attn.add_v_proj(encoder_hidden_states).unflatten(-1, (attn.heads, -1))
        if attn.norm_q is not None:
            img_q = attn.norm_q(img_q)
        if attn.norm_k is not None:
            img_k = attn.norm_k(img_k)
        if attn.norm_added_q is not None:
            txt_q = attn.norm_added_q(txt_q)
        if attn.norm_added_k is not None:
            txt_k = attn.norm_added_k(txt_k)
        (img_cos, img_sin), (txt_cos, txt_sin) = image_rotary_emb
        dtype = img_q.dtype
        img_q = rotate_pairs(img_q, img_cos, img_sin).to(dtype)
        img_k = rotate_pairs(img_k, img_cos, img_sin).to(dtype)
        txt_q = rotate_pairs(txt_q, txt_cos, txt_sin).to(dtype)
        txt_k = rotate_pairs(txt_k, txt_cos, txt_sin).to(dtype)
        # Joint attention over [text, image], as diffusers; SDPA wants [B, H, S, A].
        q = torch.cat([txt_q, img_q], dim=1).transpose(1, 2)
        k = torch.cat([txt_k, img_k], dim=1).transpose(1, 2)
        v = torch.cat([txt_v, img_v], dim=1).transpose(1, 2)
        mask = None if attention_mask is None else attention_mask[:, None, None, :]
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0, is_causal=False)
        out = out.transpose(1, 2).flatten(2, 3).to(q.dtype)
        txt_out, img_out = out[:, :seq_txt], out[:, seq_txt:]
        img_out = attn.to_out[0](img_out)
        if len(attn.to_out) > 1:
            img_out = attn.to_out[1](img_out)
        return img_out, attn.to_add_out(txt_out)


class TransformerForOnnx(nn.Module):
    """QwenImageTransformer2DModel.forward with rotary angles as inputs (no complex tensors, no img_shapes)."""

    def __init__(self, transformer):
        super().__init__()
        self.t = transformer
        if transformer.config.get("zero_cond_t") or transformer.config.get("use_additional_t_cond") \
                or transformer.config.get("use_layer3d_rope"):
            raise SystemExit("this transformer uses zero_cond_t / additional_t_cond / layer3d rope (an edit model); "
                             "the text-to-image contract does not cover it yet")
        for block in transformer.transformer_blocks:
            block.attn.set_processor(RealRopeAttnProcessor())

    def forward(self, hidden_states, encoder_hidden_states, encoder_hidden_states_mask, timestep, img_rope, txt_rope):
        t = self.t
        hs = t.img_in(hidden_states)
        timestep = timestep.to(hs.dtype)
        ehs = t.txt_in(t.txt_norm(encoder_hidden_states))
        temb = t.time_text_embed(timestep, hs)
        rope = ((torch.cos(img_rope), torch.sin(img_rope)), (torch.cos(txt_rope), torch.sin(txt_rope)))
        text_mask = encoder_hidden_states_mask.to(torch.bool)
        image_mask = torch.ones(hs.shape[:2], dtype=torch.bool, device=hs.device)
        joint_mask = torch.cat([text_mask, image_mask], dim=1)
        for block in t.transformer_blocks:
            ehs, hs = block(hidden_states=hs, encoder_hidden_states=ehs, encoder_hidden_states_mask=None, temb=temb,
                            image_rotary_emb=rope, joint_attention_kwargs={"attention_mask": joint_mask})
        hs = t.norm_out(hs, temb)
        return t.proj_out(hs)


class VaeDecoderForOnnx(nn.Module):
    """One-frame decode: [B, C, h, w] -> [B, 3, h*f, w*f] (AutoencoderKLQwenImage is a video VAE: add T = 1)."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decode(latent_sample[:, :, None], return_dict=False)[0][:, :, 0]


class VaeEncoderForOnnx(nn.Module):
    """One-frame encode to the latent distribution's mean (diffusers' retrieve_latents(sample_mode="argmax"))."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, sample):
        return self.vae.encode(sample[:, :, None]).latent_dist.mode()[:, :, 0]


# ----------------------------------------------------------------------------------------------------------------------
# Rotary angles, packing, schedule: the same math the Java SDK does (docs/model-format.md).
# ----------------------------------------------------------------------------------------------------------------------


def rope_angles(axes, rows, cols, text_len, theta=10000.0):
    def freqs(d):
        return 1.0 / np.power(np.float32(theta), np.arange(0, d, 2, dtype=np.float32) / np.float32(d))

    f = [freqs(d) for d in axes]
    img = []
    for r in range(rows):
        for c in range(cols):
            pos = [0, r - (rows - rows // 2), c - (cols - cols // 2)]
            img.append(np.concatenate([np.float32(p) * fi for p, fi in zip(pos, f)]))
    start = max(rows // 2, cols // 2)
    txt = [np.concatenate([np.float32(start + j) * fi for fi in f]) for j in range(text_len)]
    return np.asarray(img, np.float32), np.asarray(txt, np.float32)


def pack(latents):
    b, c, h, w = latents.shape
    x = latents.reshape(b, c, h // 2, 2, w // 2, 2).transpose(0, 2, 4, 1, 3, 5)
    return x.reshape(b, (h // 2) * (w // 2), c * 4)


def unpack(tokens, c, h, w):
    b = tokens.shape[0]
    x = tokens.reshape(b, h // 2, w // 2, c, 2, 2).transpose(0, 3, 1, 4, 2, 5)
    return x.reshape(b, c, h, w)


# ----------------------------------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------------------------------


def export(module, args, path, input_names, output_names, dynamic, legacy):
    """torch.onnx.export with dynamic axes; the dynamo exporter unless --legacy-exporter."""
    path.parent.mkdir(parents=True, exist_ok=True)
    module.eval()
    with torch.no_grad():
        if legacy:
            torch.onnx.export(module, args, str(path), input_names=input_names, output_names=output_names,
                              dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True, dynamo=False)
        else:
            shapes = {name: {axis: torch.export.Dim.AUTO for axis in axes} for name, axes in dynamic.items()
                      if name in input_names}
            program = torch.onnx.export(module, args, input_names=input_names, output_names=output_names,
                                        dynamic_shapes=shapes, opset_version=OPSET, dynamo=True)
            program.optimize()
            program.save(str(path), external_data=True)
    consolidate(path)


def consolidate(path):
    """Rewrite an exported model with the layout save() gives (the exporter may scatter external data)."""
    import onnx

    save(onnx.load(str(path), load_external_data=True), path)


def save(model, path):
    """Keep weights inline below 2 GB and as one external-data file beside model.onnx above it."""
    import onnx

    size = sum(t.ByteSize() for t in model.graph.initializer)
    for stale in path.parent.glob("*.data"):
        stale.unlink()
    if size > TWO_GB:
        onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx.data", size_threshold=1024)
    else:
        onnx.save_model(model, str(path))


def store_weights_as(path, dtype):
    """Store float32 initializers as float16/bfloat16, each cast back to float32 inside the graph.

    The graph still computes in float32, so ONNX Runtime's CPU and CUDA execution providers both run it; only the file
    (and the loaded weights until the Cast) shrink by half.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    if dtype == "fp32":
        return
    model = onnx.load(str(path), load_external_data=True)
    graph = model.graph
    kept, casts = [], []
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT or np.prod(init.dims) < 1024:
            kept.append(init)
            continue
        values = numpy_helper.to_array(init).astype(np.float32)
        name = init.name + "__" + dtype
        if dtype == "fp16":
            stored = numpy_helper.from_array(values.astype(np.float16), name)
        else:
            bits = values.view(np.uint32)
            rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)  # round to nearest even
            stored = helper.make_tensor(name, TensorProto.BFLOAT16, values.shape, rounded.tobytes(), raw=True)
        kept.append(stored)
        casts.append(helper.make_node("Cast", [name], [init.name], to=TensorProto.FLOAT, name=init.name + "__cast"))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    save(model, path)


def load_pipeline(args):
    from diffusers import QwenImagePipeline

    if args.tiny:
        return tiny_pipeline()
    return QwenImagePipeline.from_pretrained(args.model, torch_dtype=torch.float32)


def tiny_pipeline():
    """A random-weight pipeline at the size of diffusers' own QwenImage tests (seeded like them)."""
    from diffusers import AutoencoderKLQwenImage, FlowMatchEulerDiscreteScheduler, QwenImagePipeline, \
        QwenImageTransformer2DModel
    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration, Qwen2Tokenizer

    torch.manual_seed(0)
    transformer = QwenImageTransformer2DModel(patch_size=2, in_channels=16, out_channels=4, num_layers=2,
                                              attention_head_dim=16, num_attention_heads=3, joint_attention_dim=16,
                                              guidance_embeds=False, axes_dims_rope=(8, 4, 4))
    torch.manual_seed(0)
    vae = AutoencoderKLQwenImage(base_dim=4 * 6, z_dim=4, dim_mult=[1, 2, 4], num_res_blocks=1,
                                 temperal_downsample=[False, True], latents_mean=[0.0] * 4, latents_std=[1.0] * 4)
    torch.manual_seed(0)
    scheduler = FlowMatchEulerDiscreteScheduler()
    config = Qwen2_5_VLConfig(
        text_config={"hidden_size": 16, "intermediate_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2,
                     "num_key_value_heads": 2, "rope_scaling": {"mrope_section": [1, 1, 2], "rope_type": "default",
                                                                "type": "default"},
                     "rope_theta": 1000000.0},
        vision_config={"depth": 2, "hidden_size": 16, "intermediate_size": 16, "num_heads": 2, "out_hidden_size": 16},
        hidden_size=16, vocab_size=152064, vision_end_token_id=151653, vision_start_token_id=151652,
        vision_token_id=151654)
    text_encoder = Qwen2_5_VLForConditionalGeneration(config)
    tokenizer = Qwen2Tokenizer.from_pretrained("hf-internal-testing/tiny-random-Qwen2VLForConditionalGeneration")
    return QwenImagePipeline(transformer=transformer, vae=vae, scheduler=scheduler, text_encoder=text_encoder,
                             tokenizer=tokenizer)


def write_folder(pipe, out, dtype, legacy):
    out.mkdir(parents=True, exist_ok=True)
    te_hidden = pipe.text_encoder.config.get_text_config().hidden_size
    tcfg = pipe.transformer.config
    vcfg = pipe.vae.config
    c = vcfg.z_dim
    f = 2 ** len(vcfg.temperal_downsample)
    axes = list(tcfg.axes_dims_rope)

    # Text encoder
    ids = torch.ones(1, 40, dtype=torch.long)
    export(TextEncoderForOnnx(pipe.text_encoder), (ids, torch.ones_like(ids)), out / "text_encoder/model.onnx",
           ["input_ids", "attention_mask"], ["last_hidden_state"],
           {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
            "last_hidden_state": {0: "batch", 1: "sequence"}}, legacy)
    pipe.text_encoder.config.to_json_file(str(out / "text_encoder/config.json"))

    # Transformer, traced at batch 2 so that the batch axis cannot be specialised to 1
    rows, cols, lt = 4, 6, 7
    img_rope, txt_rope = rope_angles(axes, rows, cols, lt)
    sample_args = (torch.randn(2, rows * cols, 4 * c), torch.randn(2, lt, tcfg.joint_attention_dim),
                   torch.ones(2, lt, dtype=torch.long), torch.tensor([0.5, 0.5]), torch.from_numpy(img_rope),
                   torch.from_numpy(txt_rope))
    export(TransformerForOnnx(pipe.transformer), sample_args, out / "transformer/model.onnx",
           ["hidden_states", "encoder_hidden_states", "encoder_hidden_states_mask", "timestep", "img_rope", "txt_rope"],
           ["sample"],
           {"hidden_states": {0: "batch", 1: "image_sequence"}, "encoder_hidden_states": {0: "batch", 1: "text_sequence"},
            "encoder_hidden_states_mask": {0: "batch", 1: "text_sequence"}, "timestep": {0: "batch"},
            "img_rope": {0: "image_sequence"}, "txt_rope": {0: "text_sequence"},
            "sample": {0: "batch", 1: "image_sequence"}}, legacy)
    pipe.transformer.save_config(str(out / "transformer"))

    # VAE decoder and encoder
    export(VaeDecoderForOnnx(pipe.vae), (torch.randn(2, c, 8, 12),), out / "vae_decoder/model.onnx",
           ["latent_sample"], ["sample"],
           {"latent_sample": {0: "batch", 2: "height", 3: "width"}, "sample": {0: "batch", 2: "H", 3: "W"}}, legacy)
    export(VaeEncoderForOnnx(pipe.vae), (torch.randn(2, 3, 8 * f, 12 * f),), out / "vae_encoder/model.onnx",
           ["sample"], ["latent_sample"],
           {"sample": {0: "batch", 2: "H", 3: "W"}, "latent_sample": {0: "batch", 2: "height", 3: "width"}}, legacy)
    pipe.vae.save_config(str(out / "vae_decoder"))
    pipe.vae.save_config(str(out / "vae_encoder"))

    for network in ("text_encoder", "transformer", "vae_decoder", "vae_encoder"):
        store_weights_as(out / network / "model.onnx", dtype)

    # Tokenizer (a fast tokenizer writes tokenizer.json) and scheduler
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(pipe.tokenizer.name_or_path) if pipe.tokenizer.name_or_path else pipe.tokenizer
    tok.save_pretrained(str(out / "tokenizer"))
    if not (out / "tokenizer/tokenizer.json").exists():
        raise SystemExit("the tokenizer did not produce tokenizer.json; install `tokenizers` and use a fast tokenizer")
    pipe.scheduler.save_config(str(out / "scheduler"))

    index = {
        "_class_name": "QwenImagePipeline", "format": "onnx",
        "scheduler": ["diffusers", type(pipe.scheduler).__name__],
        "text_encoder": ["onnx", "Qwen2_5_VLTextEncoder"], "tokenizer": ["tokenizers", "Qwen2Tokenizer"],
        "transformer": ["onnx", "QwenImageTransformer2DModel"],
        "vae_decoder": ["onnx", "AutoencoderKLQwenImage"], "vae_encoder": ["onnx", "AutoencoderKLQwenImage"],
    }
    (out / "model_index.json").write_text(json.dumps(index, indent=2) + "\n")
    print(f"wrote {out} (text hidden size {te_hidden}, z_dim {c}, VAE factor {f}, weights {dtype})")


# ----------------------------------------------------------------------------------------------------------------------
# Verify: diffusers vs the exported files on onnxruntime
# ----------------------------------------------------------------------------------------------------------------------


def verify(pipe, out, steps=2, size=(64, 64), prompt="a red circle on a blue background"):
    import onnxruntime as ort

    def session(name):
        return ort.InferenceSession(str(out / name / "model.onnx"), providers=["CPUExecutionProvider"])

    text, dit, dec = session("text_encoder"), session("transformer"), session("vae_decoder")
    vcfg = pipe.vae.config
    c = vcfg.z_dim
    f = 2 ** len(vcfg.temperal_downsample)
    h, w = 2 * (size[0] // (2 * f)), 2 * (size[1] // (2 * f))

    # 1. Prompt embedding
    ids = pipe.tokenizer(TEMPLATE.format(prompt), return_tensors="np").input_ids.astype(np.int64)
    ours = text.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][:, DROP_TOKENS:]
    theirs, _ = pipe.encode_prompt(prompt=prompt, device="cpu")
    print(f"prompt embedding: max |onnx - diffusers| = {np.abs(ours - theirs.numpy()).max():.3g}")

    # 2. A few steps, from the same noise, without guidance
    generator = torch.Generator("cpu").manual_seed(0)
    noise = torch.randn((1, 1, c, h, w), generator=generator)
    latents = pack(noise[:, 0].numpy())
    expected = pipe(prompt=prompt, height=size[0], width=size[1], num_inference_steps=steps, true_cfg_scale=1.0,
                    latents=torch.from_numpy(latents), output_type="np").images[0]
    sigmas = np.linspace(1.0, 1.0 / steps, steps)
    cfg = pipe.scheduler.config
    m = (cfg.get("max_shift", 1.15) - cfg.get("base_shift", 0.5)) / (cfg.get("max_image_seq_len", 4096)
                                                                     - cfg.get("base_image_seq_len", 256))
    mu = latents.shape[1] * m + cfg.get("base_shift", 0.5) - m * cfg.get("base_image_seq_len", 256)
    pipe.scheduler.set_timesteps(sigmas=sigmas, mu=mu)
    timesteps = pipe.scheduler.timesteps.numpy()
    all_sigmas = pipe.scheduler.sigmas.numpy()
    img_rope, txt_rope = rope_angles(list(pipe.transformer.config.axes_dims_rope), h // 2, w // 2, ours.shape[1])
    x = latents.astype(np.float32)
    for i, t in enumerate(timesteps):
        v = dit.run(None, {"hidden_states": x, "encoder_hidden_states": ours.astype(np.float32),
                           "encoder_hidden_states_mask": np.ones(ours.shape[:2], np.int64),
                           "timestep": np.array([t / 1000], np.float32), "img_rope": img_rope,
                           "txt_rope": txt_rope})[0]
        x = x + (all_sigmas[i + 1] - all_sigmas[i]) * v
    z = unpack(x, c, h, w)
    mean = np.asarray(vcfg.latents_mean, np.float32).reshape(1, c, 1, 1)
    std = np.asarray(vcfg.latents_std, np.float32).reshape(1, c, 1, 1)
    image = dec.run(None, {"latent_sample": (z * std + mean).astype(np.float32)})[0][0]
    image = np.clip(image.transpose(1, 2, 0) / 2 + 0.5, 0, 1)
    print(f"image after {steps} steps: max |onnx - diffusers| = {np.abs(image - expected).max():.3g}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", help="a diffusers Qwen-Image repository id or local folder (e.g. Qwen/Qwen-Image)")
    src.add_argument("--tiny", action="store_true", help="build a random-weight toy pipeline (no large download)")
    p.add_argument("--output", required=True, type=Path, help="the model folder to write")
    p.add_argument("--dtype", choices=["fp32", "fp16", "bf16"], default="fp32",
                   help="how weights are stored; the graph casts them to float32, so CPU and CUDA providers run all three")
    p.add_argument("--verify", action="store_true", help="compare the exported files with diffusers and print max errors")
    p.add_argument("--legacy-exporter", action="store_true", help="use the TorchScript exporter (dynamo=False)")
    args = p.parse_args(argv)

    pipe = load_pipeline(args)
    pipe.to("cpu")
    if args.output.exists() and any(args.output.iterdir()):
        shutil.rmtree(args.output)
    write_folder(pipe, args.output, args.dtype, args.legacy_exporter)
    if args.verify:
        verify(pipe, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
