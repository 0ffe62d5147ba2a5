"""`detector eval ...`: accuracy measured on labelled data, with an in-project baseline beside every figure.

Job: `boilerplate` (residue detection against line labels), `mt` (MT findings against MQM error spans, the document
likelihood against human translations), `metrics` (the one place precision, recall, F1, shares and ROC AUC are
computed), `record_shape` (saying which field a labelled corpus lacks).

May import: everything below the command line (`core` ... `clean`): it measures what a user gets.
"""
