"""Productions (releases): membership, counts, Bates gaps, duplicate pages, inconsistent
redactions between copies, and their exports."""
