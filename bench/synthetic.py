"""Synthetic vectors for the scale benchmark: seeded, shaped like text embeddings, with exact answers.

Uniform random vectors in 384 dimensions have no neighbours worth finding and would make every
approximate index look broken, so the data is a Gaussian mixture of topics, and the queries are
stored passages moved a little, as a question is close to, but not a copy of, its passage.
"""
from __future__ import annotations

import numpy as np

DIM = 384
TOPICS = 1000
SUBSPACE = 48
K = 10
CHUNK = 100_000  # rows generated / compared at a time, to bound temporary memory
SECTIONS = ("一、总体要求", "二、重点任务", "三、保障措施", "四、组织实施")


def _normalise(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, in place (inner product = cosine)."""
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def synthetic(n: int, seed: int, dim: int = DIM) -> np.ndarray:
    """Gaussian mixture shaped like text embeddings, L2-normalised float32.

    x = c_t + 0.7 * (z @ B) / sqrt(48) + 0.3 * e, with topic t uniform over 1,000 centres c ~ N(0, I),
    z ~ N(0, I_48) along a 48-direction basis B shared by all topics, e ~ N(0, I) isotropic noise.
    Two passages of one topic have cosine ≈ 0.6, of two topics ≈ 0. Generated in 100k-row chunks.
    """
    space = np.random.default_rng(12345)  # the "embedding space" (centres, basis) is fixed
    centres = space.standard_normal((TOPICS, dim)).astype(np.float32)
    basis = space.standard_normal((SUBSPACE, dim)).astype(np.float32) / np.sqrt(SUBSPACE)
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), np.float32)
    for a in range(0, n, CHUNK):
        b = min(n, a + CHUNK)
        z = rng.standard_normal((b - a, SUBSPACE)).astype(np.float32)
        out[a:b] = (centres[rng.integers(0, TOPICS, b - a)] + 0.7 * (z @ basis)
                    + 0.3 * rng.standard_normal((b - a, dim)).astype(np.float32))
    return _normalise(out)


def perturbed_queries(data: np.ndarray, n: int, seed: int, noise: float = 0.4) -> np.ndarray:
    """Queries near stored passages: a random stored vector plus isotropic noise whose norm is
    `noise` times the vector's (≈ 22° away), re-normalised."""
    rng = np.random.default_rng(seed)
    base = data[rng.choice(len(data), n, replace=False)]
    e = rng.standard_normal(base.shape).astype(np.float32)
    return _normalise(base + noise * e / np.sqrt(base.shape[1]))


def exact_top_k(data: np.ndarray, queries: np.ndarray, k: int = K) -> np.ndarray:
    """Exact inner-product top-k row numbers by numpy brute force (in 100k-row chunks), best first."""
    k = min(k, len(data))
    best_s = np.full((len(queries), k), -np.inf, np.float32)
    best_i = np.zeros((len(queries), k), np.int64)
    for a in range(0, len(data), CHUNK):
        s = queries @ data[a:a + CHUNK].T
        s_all = np.concatenate([best_s, s], axis=1)
        i_all = np.concatenate([best_i, np.broadcast_to(np.arange(a, a + s.shape[1]), s.shape)], axis=1)
        top = np.argpartition(-s_all, k - 1, axis=1)[:, :k]
        best_s, best_i = np.take_along_axis(s_all, top, 1), np.take_along_axis(i_all, top, 1)
    return np.take_along_axis(best_i, np.argsort(-best_s, axis=1), 1)


def recall(found: list[list[int]], truth: np.ndarray) -> float:
    """Mean share of each query's exact top-k that was found."""
    k = truth.shape[1]
    return round(float(np.mean([len(set(f) & set(t)) / k for f, t in zip(found, truth.tolist())])), 4)


def segment_rows(n: int) -> tuple[list[str], list[dict]]:
    """Ids and metadata shaped like the engine's segments: id = row number as text, two segments
    per chunk, 200 per document, four sections (so a store's metadata costs what it would)."""
    ids = [str(i) for i in range(n)]
    meta = [{"chunk_id": f"doc{i // 200}#{i // 2}", "doc_id": f"doc{i // 200}", "section": SECTIONS[i // 50 % 4]}
            for i in range(n)]
    return ids, meta


_TOPICS = ("政务服务", "数据共享", "营商环境", "产业园区", "城乡供水", "生态修复", "公共交通", "职业培训", "医疗救治",
           "养老服务", "乡村旅游", "冷链物流", "文物保护", "防汛抗旱", "垃圾分类", "学前教育", "科技成果", "金融服务")
_VERBS = ("建设", "完善", "推进", "优化", "健全", "提升")
SHARED_NOTE = "(责任单位:市发展改革委牵头,各县区政府按职责分工负责)"


def shared_note_notice(tasks: int = 500) -> str:
    """A clean notice of `tasks` numbered tasks in two chapters, every one closed by the same note:
    the layout whose build once never finished (#29). Each task's text differs (its number, topic and
    verb vary), as real tasks do."""
    lines = ["某市关于印发重点工作任务分工方案的通知", "各县区人民政府，市政府各部门：",
             "现将方案印发给你们，请认真贯彻落实。",
             "一、总体要求", "（一）指导思想", "坚持稳中求进工作总基调，推动高质量发展。", "二、重点任务"]
    for n in range(1, tasks + 1):
        topic, verb = _TOPICS[n % len(_TOPICS)], _VERBS[n % len(_VERBS)]
        if n % 50 == 1:
            lines.append(f"（{'一二三四五六七八九十'[(n // 50) % 10]}）第{n // 50 + 1}组任务")
        lines.append(f"{n}.{verb}{topic}第{n}项工作。围绕{topic}开展第{n}批试点，{n % 12 + 1}月底前完成阶段目标。"
                     f"{SHARED_NOTE}")
    return "\n".join(lines) + "\n"
