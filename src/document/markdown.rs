//! Markdown chapters to Document blocks.
