"""Machine-translation artifacts in monolingual English text: what a translation engine broke."""
