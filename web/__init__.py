"""The Gradio page of the policy Q&A engine: layout, handlers, HTML rendering, serving flags."""
