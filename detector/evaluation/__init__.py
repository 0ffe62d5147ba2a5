"""`detector eval ...`: accuracy measured on labelled data, with an in-project baseline beside every figure."""
