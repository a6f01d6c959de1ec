"""What a reader is shown of stored documents: show JSON, web data, page images, stats, compare."""
