"""Write `metrics.json`, `breakdown.json`, `report.md` and `report.png` for a run."""
from __future__ import annotations

import json
from pathlib import Path

COLUMNS = ("recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10", "answer_key_hit", "lead_exact",
           "answer_f1", "answered_correctly", "wrongly_refused", "wrongly_answered", "low_confidence",
           "abstain_correct", "p50_ms", "p95_ms", "ask_p50_ms")
VARIANT_COLUMNS = ("n", "n_unanswerable", "recall@5", "answered_correctly", "wrongly_refused", "low_confidence",
                   "wrongly_answered")


def _fmt(v, column: str = "") -> str:
    if v is None:
        return "—"
    if column.endswith("_ms"):
        return f"{v:.1f}"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def metrics_table(metrics: dict) -> str:
    rows = ["| config | lang | n | " + " | ".join(COLUMNS) + " |", "|" + " --- |" * (len(COLUMNS) + 3)]
    for config, langs in metrics.items():
        for lang in ("zh", "en", "all"):
            m = langs[lang]
            n = f"{m['n_answerable']}+{m['n_unanswerable']}"
            rows.append(f"| {config} | {lang} | {n} | " + " | ".join(_fmt(m[c], c) for c in COLUMNS) + " |")
    return "\n".join(rows)


def breakdown_table(breakdown: dict, attr: str) -> str:
    rows = [f"| config | lang | {attr} | n | recall@5 | mrr@10 |", "| --- | --- | --- | --- | --- | --- |"]
    for config, langs in breakdown.items():
        for lang, attrs in langs.items():
            for value, m in attrs.get(attr, {}).items():
                rows.append(f"| {config} | {lang} | {value} | {m['n']} | {_fmt(m['recall@5'])} | {_fmt(m['mrr@10'])} |")
    return "\n".join(rows)


def variant_table(variants: dict) -> str:
    """End-to-end figures of one configuration per question variant."""
    rows = ["| variant | " + " | ".join(VARIANT_COLUMNS) + " |", "|" + " --- |" * (len(VARIANT_COLUMNS) + 1)]
    for variant, m in variants.items():
        rows.append(f"| {variant} | " + " | ".join(_fmt(m[c], c) for c in VARIANT_COLUMNS) + " |")
    return "\n".join(rows)


def wrong_list(wrong: list[dict], width: int = 160) -> str:
    """Every question the user got wrong, with what the page showed."""
    def cut(s):
        return s if len(s) <= width else s[:width] + "…"
    lines = [f"- `{w['id']}` ({w['lang']}, {w['variant']}, {w['why']}, {w['verdict']}) {cut(w['question'])}  \n"
             f"  shown: {cut(w['shown']) or '—'}  \n  keys: {', '.join(w['keys']) or '—'}" for w in wrong]
    return "\n".join(lines) if lines else "none"


def misses_list(misses: list[dict], limit: int = 30) -> str:
    lines = [f"- `{m['id']}` ({m['type']}, {m['difficulty']}) {m['question']} — first relevant rank: "
             f"{m['rank'] or 'not in top 10'}" for m in misses[:limit]]
    more = f"\n- … and {len(misses) - limit} more" if len(misses) > limit else ""
    return "\n".join(lines) + more if lines else "none"


def write_report(out: Path, metrics: dict, breakdown: dict, misses: list[dict], command: str, qa: str,
                 variants: dict | None = None, wrong: list[dict] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "breakdown.json").write_text(json.dumps(breakdown, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md = (f"# Evaluation report\n\nCommand: `{command}`  \nTest set: `{qa}`\n\n"
          "Relevant = a retrieved chunk contains an evidence string (whitespace-normalised). "
          "n = answerable + unanswerable questions. Latency is per `search` call, warm, on this machine. "
          "End to end: answered_correctly = answerable, shown (found or low confidence) with every answer key; "
          "wrongly_refused = answerable, reported not found (or refused); wrongly_answered = unanswerable, "
          "shown as found; low_confidence = share of all questions so labelled; abstain_correct = unanswerable, "
          "reported not found or low confidence.\n\n"
          f"## Metrics\n\n{metrics_table(metrics)}\n\n"
          f"## By question type\n\n{breakdown_table(breakdown, 'type')}\n\n"
          f"## By difficulty\n\n{breakdown_table(breakdown, 'difficulty')}\n\n"
          f"## `default` by variant\n\n{variant_table(variants or {})}\n\n"
          f"## `default`: answerable questions without a relevant chunk in the top 5\n\n{misses_list(misses)}\n\n"
          f"## `default`: every question answered wrongly, with what the user saw\n\n{wrong_list(wrong or [])}\n")
    (out / "report.md").write_text(md, encoding="utf-8")
    write_chart(out / "report.png", metrics)


def write_chart(path: Path, metrics: dict) -> None:
    """Grouped bars: recall@5 and MRR@10 per configuration and language."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    configs = list(metrics)
    fig, axes = plt.subplots(1, 2, figsize=(max(8, 1.6 * len(configs) + 4), 4), sharey=True)
    for ax, metric in zip(axes, ("recall@5", "mrr@10")):
        width = 0.38
        for j, lang in enumerate(("zh", "en")):
            values = [metrics[c][lang][metric] or 0 for c in configs]
            bars = ax.bar([i + (j - 0.5) * width for i in range(len(configs))], values, width, label=lang)
            ax.bar_label(bars, fmt="%.2f", fontsize=7)
        ax.set_xticks(range(len(configs)), configs, rotation=20, ha="right", fontsize=8)
        ax.set_title(metric)
        ax.set_ylim(0, 1.08)
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, title="language", loc="upper right", ncol=2)
    fig.tight_layout(rect=(0, 0, 1, 0.88))
    fig.savefig(path, dpi=110)
    plt.close(fig)
