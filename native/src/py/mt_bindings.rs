//! The MT scorer's bindings (`detector.scorers.mt.features`): sentence forms, their 1-2-gram counts and word count,
//! over the kernels of `crate::mt`. A child of `py` so that it reads the `Vocabulary` it is given.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use super::Vocabulary;
use crate::offsets::Offsets;

/// `features.sentence_tokens`' forms of each `(start, end)` sentence of `text` (characters, in order; a sentence
/// without tokens gives an empty list). `function_words`: the closed-class words (`mt.common.FUNCTION_WORDS`). Equal
/// forms are one string object, as the Python caches made them.
#[pyfunction]
pub(super) fn mt_sentence_forms<'py>(py: Python<'py>, text: &str, spans: Vec<(usize, usize)>, function_words: &Vocabulary)
                          -> PyResult<Bound<'py, PyList>> {
    let (table, sentences) = py.detach(|| {
        let offsets = Offsets::new(text);
        let mut table = crate::mt::Interner::new("", "");
        let sentences: Vec<Vec<u32>> = spans.iter().map(|&(s, e)| {
            let (bs, be) = (offsets.byte_of(text, s), offsets.byte_of(text, e));
            let mut ids = Vec::new();
            crate::mt::sentence_forms(text, bs.min(be), be, &function_words.words, |form| ids.push(table.id(form)));
            ids
        }).collect();
        (table, sentences)
    });
    let strings: Vec<Bound<'py, PyString>> = table.strings.iter().map(|t| PyString::new(py, t)).collect();
    let out = PyList::empty(py);
    for ids in sentences {
        out.append(PyList::new(py, ids.iter().map(|&id| &strings[id as usize]))?)?;
    }
    Ok(out)
}

/// Ids of the forms of each sentence (`forms`: lists of str) and their FW keys (`fw`: form -> key), each distinct
/// string object looked up once.
fn form_ids(forms: &Bound<'_, PyList>, fw: Option<&Bound<'_, PyDict>>, words: &mut crate::mt::Interner,
            keys: &mut crate::mt::Interner) -> PyResult<Vec<(Vec<u32>, Vec<u32>)>> {
    let mut seen: std::collections::HashMap<usize, (u32, u32)> = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(forms.len());
    for sentence in forms.iter() {
        let sentence = sentence.cast::<PyList>()?;
        let (mut w, mut f) = (Vec::with_capacity(sentence.len()), Vec::with_capacity(sentence.len()));
        for form in sentence.iter() {
            // the list keeps every form alive for the call, so an object's address names it
            let ids = match seen.get(&(form.as_ptr() as usize)) {
                Some(&ids) => ids,
                None => {
                    let text = form.cast::<PyString>()?.to_cow()?;
                    let key = match fw {
                        Some(fw) => {
                            let key = fw.get_item(&form)?
                                .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(text.to_string()))?;
                            keys.id(&key.cast::<PyString>()?.to_cow()?)
                        }
                        None => 0,
                    };
                    let ids = (words.id(&text), key);
                    seen.insert(form.as_ptr() as usize, ids);
                    ids
                }
            };
            w.push(ids.0);
            f.push(ids.1);
        }
        rows.push((w, f));
    }
    Ok(rows)
}

/// `features.document_counts`: the `sentence_ngrams` of every sentence counted, in `Counter`'s order. `forms`: each
/// sentence's forms; `fw`: every form's FW key (`fw_key` of its `fw_form`).
#[pyfunction]
pub(super) fn mt_gram_counts<'py>(py: Python<'py>, forms: &Bound<'py, PyList>, fw: &Bound<'py, PyDict>)
                       -> PyResult<Bound<'py, PyDict>> {
    let mut words = crate::mt::Interner::new("<s>", "</s>");
    let mut keys = crate::mt::Interner::new("fw:<s>", "fw:</s>");
    let rows = form_ids(forms, Some(fw), &mut words, &mut keys)?;
    let counts = py.detach(|| crate::mt::count_grams(&rows));
    let out = PyDict::new(py);
    for (gram, count) in counts.items {
        out.set_item(crate::mt::gram_text(gram, &words.strings, &keys.strings), count)?;
    }
    Ok(out)
}

/// `features.word_count`: forms that start with a letter or digit (`str.isalnum`).
#[pyfunction]
pub(super) fn mt_word_count(forms: &Bound<'_, PyList>) -> PyResult<usize> {
    let mut words = crate::mt::Interner::new("", "");
    let mut keys = crate::mt::Interner::new("", "");
    let rows = form_ids(forms, None, &mut words, &mut keys)?;
    let word: Vec<bool> = words.strings.iter()
        .map(|t| t.chars().next().is_some_and(crate::unicode::is_alnum)).collect();
    Ok(rows.iter().map(|(ids, _)| ids.iter().filter(|&&id| word[id as usize]).count()).sum())
}
