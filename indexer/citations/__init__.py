"""One citation, many formats; citations of stored documents, tags and results."""
