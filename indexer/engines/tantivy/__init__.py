"""The tantivy engine: the only package that imports tantivy."""
