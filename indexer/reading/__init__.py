"""What a reader is shown of stored documents: show JSON, web read model, page images, stats."""
