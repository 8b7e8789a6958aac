"""Direct quotes, reported speech and the wider attributions of news writing, with the speaker
resolved to a canonical entity.

Hand-written rules over the spaCy dependency parse, because no maintained library does attributed
quote extraction *with speakers* for spaCy 3.8 offline: textacy's ``direct_quotations`` finds direct
quotes only (no reported speech, no "according to", no continuation paragraphs) and, like citron
(BBC's quote extractor), is not in the package index this project installs from; the neural
attribution models (trained on PARC3 or PolNeAR) are not packaged. The rules are tuned on the
PolNeAR *train* split (``benchmarks/polnear.py`` reports the dev split). Also covered: a
"Name: content" colon at a line start (headlines, transcripts, "Poll: …"), two apostrophes used
as a double mark (''like this''), and quoted fragments inside reported speech (kept as reported
speech).

How it works, in four passes over one article:

1. :func:`find_quote_spans` scans the text paragraph by paragraph for quote marks (straight and
   curly double marks, guillemets, the double prime, single curly marks at word starts), pairs them
   with a small state machine that never fails on unbalanced marks, and chains a quote left open at
   the end of a paragraph with the next paragraph when that one opens with a mark (newspaper
   convention for multi-paragraph quotes).
2. Each direct quote is attributed to the nearest cue verb (lexicon below) outside quote marks in
   the sentences it touches, else to the verb that leads into it ("he declared:⏎⏎“…”", "mouthing
   “thank you”"); a quote with no cue inherits the speaker of the previous attributed quote in the
   same paragraph (``"X," he said. "Y."``) or in the previous paragraph. Quoted titles ("This
   Week") are not quotes.
3. Every other speech or belief verb with a clausal complement (``ccomp``: "X said (that) …",
   "…, X said.", "This campaign, he says, is different", "X declined to say whether …", "the poll
   found …", "X said on Monday that …" where the parse hung the clause elsewhere), every "as X
   reported, …" (the clause it modifies) and every "according to X" gives a reported quote whose
   content is that clause. A content ends at a second cue coordinated into it ("X said that A
   and noted that B") and, for a cue in an adverbial clause, with that clause ("While X said
   that A, …").
4. Attributions without a speech verb and a clause (:data:`FRAMES`, lexicons in
   ``data/attribution_cues.json``): a verb's object ("X criticised the plan", "the poll shows
   Trump ahead"), a naming ("called him a liar", "described it as …", "which he called “a
   cartel”", "called his actions “a crucial step”"), an infinitive ("vowed to fight", "urged
   Congress to act", "hopes to win"), a preposition's object ("called for a ban", "called for
   Trump to drop out", "talked about …"), a stance adjective ("is confident that …", "is critical
   of …"), a noun with its source ("his claim that …", "X expressed support for …"), the passive,
   where the text may name no source at all ("it was reported that …", "X is expected to …",
   "was asked about …", "When asked about …, X …"), and on request (not in
   :data:`DEFAULT_FRAMES`) appearances ("the closures appear to have helped"). An attribution
   inside another one's content is left out (on PolNeAR train such inner ones are annotated one
   time in five), as are verbs inside relative and complement clauses (but not a naming by a
   relative pronoun, nor a participle after a preposition: "after announcing his support …").

Each quote says what it reports (``Quote.mode``): ``speech`` (direct quotes, speech verbs,
"according to", "Name: …", speech-act nouns and verbs), ``belief`` (states of mind: "believes",
"expects", "is confident that", "his fear that") or ``other`` (evaluations, stances and findings:
"criticised", "endorsed", "the poll shows"); the lexicons are ``speech_acts`` and
``mental_states`` in ``data/attribution_cues.json``. Voices and the last word count speech only.

The ``quotes`` stage then hands the rules' quotes to a trained tagger, chosen by the reading
option ``quotes_model``: the default CRF over the same parse and the rules' output
(:mod:`rashomon.read.attribution_model`), which adds the attributions the rules miss, or the
fine-tuned MiniLM encoder (:mod:`rashomon.read.attribution_encoder`), more accurate and slower,
which decides which attributions there are and keeps the rules' boundaries where both agree.
Without a model file the rules run alone.

Speakers are the cue's grammatical subject (through ``xcomp``/``conj``/``advcl`` chains, an
adjective ("were more likely to say"), a preposition ("by saying", "after announcing"), the
noun a participle follows ("a statement saying", the statement's issuer when there is one), past
a timestamp or dateline the parse took for it, and outside quote marks; after a closing mark,
the name that follows the cue: '“…,” said David Brock, a Clinton confidant'), mapped to
``article.entities`` when the entities stage ran, else to spaCy's ``doc.ents``; pronouns
(possessives included) and bare surnames go to the most recent compatible person or organisation.

A speaker is a person, an organisation, a government or a group (``actors``): a role noun stands
as it is ("spokesman for the campaign", "officials"; "the president" is the person the article
titled so), a document speaks for the author its phrase names ("BuzzFeed's report"), "two of the
aides" is the aides. A common noun that names no one ("the facts"), a document with no author,
the dateline's place and the outlet's own name (unless the text credits it: "Fox News has
learned") are no speaker: the quote gets ``speaker: null`` and ``speaker_reason``. A pronoun
follows the last speaker of its kind, number and (for "he"/"she", cheaply) gender, unless a new
person has since become the subject of a main clause, and never reaches into what another
speaker is reported to have said; a quote that continues a paragraph's quote is that speaker's
only when no one else has spoken or taken the stage in between.

The package follows those passes: ``cues`` (the lexicons), ``marks`` (quote marks and spans),
``mentions`` (what a speaker resolves to), ``speech`` (cue verbs, subjects and contents, and the
parse helpers), ``frames`` (attributions without a speech verb), ``speakers`` (resolution) and
``extract`` (the passes put together). What the trained taggers
(:mod:`rashomon.read.attribution_model`, :mod:`rashomon.read.attribution_encoder`) build on is
exported here, under public names.
"""

from __future__ import annotations

from ...lexicon import ACTOR_LABELS
from ...model import Article
from ...registry import Context, stage
from ..language import READ_LANGUAGES
from ..nlp import doc_for
from .cues import (
    ADJ_PREP_CUES,
    BELIEF_CUES,
    CLAUSE_ADJECTIVES,
    CUE_LEMMAS,
    DEFAULT_FRAMES,
    FRAMES,
    INFINITIVE_CUES,
    MEDIUM_NOUNS,
    NAMING_CUES,
    NOUN_CLAUSE_CUES,
    NOUN_PREP_CUES,
    OBJECT_CUES,
    PASSIVE_CUES,
    PREP_CUES,
    SOUND_VERBS,
    SOURCE_NOUNS,
    WEAK_CUES,
)
from .extract import extract_quotes, mode_of, quote_at, quoted
from .marks import ALL_MARKS, WORD_RE, QuoteSpan, find_quote_spans
from .mentions import MentionState, mentions_of
from .speakers import SPEAKER_LABELS, Speaker, resolve_speaker
from .speech import LEMMA_FIXES, doc_text, free_subject, is_cue, lemma_of


@stage("quotes", requires=("parse",), languages=READ_LANGUAGES, writes=("quotes",))
def quotes(article: Article, ctx: Context) -> None:
    """Find direct and reported speech and resolve each speaker to a canonical entity."""
    if not article.text.strip():
        article.quotes = []
        return
    doc = doc_for(article, ctx)
    rules = extract_quotes(article, doc)
    # The trained tagger adds what the rules miss (rules alone when its model file is missing);
    # which one is a reading option (attribution_model.MODELS), kept with the article.
    from ..attribution_model import OPTION, annotate, model_name

    choice = ctx.options.get(OPTION)
    article.quotes = annotate(article, doc, rules, choice)
    article.meta[OPTION] = model_name(choice)


__all__ = [
    "ACTOR_LABELS",
    "ADJ_PREP_CUES",
    "ALL_MARKS",
    "BELIEF_CUES",
    "CLAUSE_ADJECTIVES",
    "CUE_LEMMAS",
    "DEFAULT_FRAMES",
    "FRAMES",
    "INFINITIVE_CUES",
    "LEMMA_FIXES",
    "MEDIUM_NOUNS",
    "MentionState",
    "NAMING_CUES",
    "NOUN_CLAUSE_CUES",
    "NOUN_PREP_CUES",
    "OBJECT_CUES",
    "PASSIVE_CUES",
    "PREP_CUES",
    "QuoteSpan",
    "SOUND_VERBS",
    "SOURCE_NOUNS",
    "SPEAKER_LABELS",
    "Speaker",
    "WEAK_CUES",
    "WORD_RE",
    "doc_text",
    "extract_quotes",
    "find_quote_spans",
    "free_subject",
    "is_cue",
    "lemma_of",
    "mentions_of",
    "mode_of",
    "quote_at",
    "quoted",
    "quotes",
    "resolve_speaker",
]
