"""Engine-free text rules: folding and terms, stemming, highlighting."""
