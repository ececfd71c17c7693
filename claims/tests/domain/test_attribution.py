"""Attribution extraction: who said what, found in plain text without the database."""

import pytest

from claims.domain.attribution import (
    ASSERTS,
    DENIES,
    DIRECT,
    PARAPHRASE,
    ActorRef,
    boilerplate,
    extract,
    fold,
    mapping_resolver,
)

LAVROV = ActorRef(5, "Sergey Lavrov")
PUTIN = ActorRef(4, "Vladimir Putin")
KULEBA = ActorRef(18, "Dmytro Kuleba")
BLINKEN = ActorRef(13, "Antony Blinken")
STATE_DEPARTMENT = ActorRef(10, "US Department of State", is_person=False)
RUSSIA = ActorRef(1, "Government of Russia", is_person=False)
KREMLIN_NAMES = {"Kremlin": RUSSIA, "The Kremlin": RUSSIA, "Russia": RUSSIA, "Moscow": RUSSIA}
NAMES = {
    "Sergey Lavrov": LAVROV,
    "Sergei Lavrov": LAVROV,
    "Vladimir Putin": PUTIN,
    "Putin": PUTIN,
    "Dmytro Kuleba": KULEBA,
    "Kuleba": KULEBA,
    "Antony Blinken": BLINKEN,
    "State Department": STATE_DEPARTMENT,
    **KREMLIN_NAMES,
}


def only(text, names=NAMES):
    """The single attribution extracted from ``text``."""
    found = extract(text, names).attributions
    assert len(found) == 1, found
    return found[0]


def test_direct_quote_with_attribution_after_it():
    """'"…," Kuleba said.' gives the quote, its exact offsets, the speaker and the cue."""
    text = '"The world must respond with all its economic might," Kuleba said.'
    a = only(text, {"Kuleba": KULEBA})

    assert a.exact == "The world must respond with all its economic might"
    assert text[a.start : a.end] == a.exact
    assert a.speaker.actor == KULEBA
    assert (a.cue, a.stance, a.mode) == ("said", ASSERTS, DIRECT)


def test_direct_quote_with_attribution_before_it():
    """'Kuleba told reporters: "…"' is attributed too, with the two-word cue."""
    text = (
        "Ukraine's Foreign Minister Dmytro Kuleba told reporters: "
        '"Russia will withdraw from the agreements."'
    )
    a = only(text)

    assert a.exact == "Russia will withdraw from the agreements"  # the final stop is trimmed
    assert a.speaker.actor == KULEBA
    assert a.cue == "told reporters"
    assert a.pattern == "quote-after-attribution"


def test_inverted_attribution_proposes_a_new_actor_without_titles():
    """'"…," said Senator Jeanne Shaheen' proposes "Jeanne Shaheen" as a new actor."""
    text = (
        '"We steadfastly support our Ukrainian partners," said Senator Jeanne Shaheen, a Democrat.'
    )
    a = only(text)

    assert a.speaker.actor is None
    assert a.speaker.name == "Jeanne Shaheen"
    assert a.speaker.resolved_by == "new"
    assert a.exact == "We steadfastly support our Ukrainian partners"


def test_attribution_split_across_two_sentences():
    """A sentence that is only a quote takes its speaker from the sentence before it."""
    text = (
        "Sergei Lavrov spoke to reporters in Moscow on Monday. "
        '"The allegations are total misinformation and nothing else."'
    )
    a = only(text)

    assert a.speaker.actor == LAVROV
    assert a.exact == "The allegations are total misinformation and nothing else"
    assert a.pattern == "quote-split"


def test_quote_continuing_after_an_attributed_quote_keeps_the_speaker():
    """A second quote paragraph after an attributed one is the same speaker's."""
    text = (
        '"We will not be drawn into this," Kuleba said.\n'
        '"Our answer to pressure will always be diplomacy and unity with our partners."'
    )
    found = extract(text, NAMES).attributions

    assert [a.speaker.actor for a in found] == [KULEBA, KULEBA]


def test_reported_speech_with_that():
    """'Putin … claimed that there was an ongoing genocide' gives the that-clause."""
    text = (
        "Putin, earlier this week, claimed that there was an ongoing “genocide” in the Donbas "
        "region, though he did not provide proof."
    )
    a = only(text)

    assert a.speaker.actor == PUTIN
    assert a.cue == "claimed"
    assert a.exact == "there was an ongoing “genocide” in the Donbas region"
    assert a.mode == PARAPHRASE


def test_reported_speech_without_that():
    """'Russia says there is still room for diplomacy' is reported speech too."""
    a = only("Moscow says there is still room for diplomacy.")

    assert a.speaker.actor == RUSSIA
    assert a.exact == "there is still room for diplomacy"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Russia angrily denied the accusation.", "denied"),
        ("Sergei Lavrov dismissed the US allegation as “total misinformation”.", "dismissed"),
        ('The Kremlin has called these allegations "absolutely false."', "called"),
        ("The Kremlin rejected reports that troops were massing at the border.", "rejected"),
    ],
)
def test_denial_cues_give_the_denies_stance(text, cue):
    """Denials, dismissals and "called … false" are proposed with the denies stance."""
    a = only(text)

    assert a.stance == DENIES
    assert a.cue == cue


def test_rejecting_a_demand_is_not_a_denial():
    """'rejected Moscow's demands' refuses a demand; no statement is proposed."""
    assert extract("Washington firmly rejected Moscow's demands.", KREMLIN_NAMES).attributions == []


def test_content_denying_evidence_gives_the_denies_stance():
    """'said they had not seen evidence that …' denies what follows."""
    text = (
        "Jens Stoltenberg and President Joe Biden both said they had not seen evidence that "
        "Russia had pulled troops back."
    )
    names = {
        "Jens Stoltenberg": ActorRef(15, "Jens Stoltenberg"),
        "Joe Biden": ActorRef(11, "Joe Biden"),
    }
    found = extract(text, names).attributions

    assert {a.speaker.name for a in found} == {"Jens Stoltenberg", "Joe Biden"}
    assert {a.stance for a in found} == {DENIES}


def test_accusation_is_attributed_to_its_subject():
    """'the Biden administration has accused Russia of …' resolves the administration by alias."""
    administration = ActorRef(9, "Government of the United States", is_person=False)
    text = (
        "Those meetings appear to have heightened fears, and the Biden administration has "
        "accused Russia of plotting a “false flag operation.”"
    )
    a = only(text, {"Biden administration": administration})

    assert a.speaker.actor == administration
    assert a.cue == "accused"
    assert "plotting" in a.exact


def test_pronoun_carries_the_previous_speaker_over():
    """A later "he said" is the speaker named before it."""
    text = (
        "Sergei Lavrov said the talks had failed. "
        '"We will wait for the written answer from Washington," he said.'
    )
    found = extract(text, NAMES).attributions

    assert [a.speaker.actor for a in found] == [LAVROV, LAVROV]
    assert found[1].speaker.resolved_by == "pronoun"
    assert found[1].speaker.mention == "he"


def test_pronoun_refers_to_the_subject_of_a_sentence_without_attribution():
    """ "Lavrov met Blinken. He said …": "he" is the subject of the sentence before."""
    found = extract("Sergey Lavrov met his counterpart. He said he would talk again.", NAMES)

    assert found.attributions[0].speaker.actor == LAVROV


def test_aliases_and_surnames_resolve_to_one_actor():
    """ "Sergey Lavrov", "Sergei Lavrov" and a later "Lavrov" are one person."""
    text = (
        "Russian Foreign Minister Sergei Lavrov said the demands were clear. "
        "Lavrov reiterated that Russia expects a written response this week."
    )
    resolver = mapping_resolver({"Sergey Lavrov": LAVROV, "Sergei Lavrov": LAVROV})
    found = extract(text, resolver).attributions

    assert [a.speaker.actor for a in found] == [LAVROV, LAVROV]
    assert found[1].speaker.resolved_by == "surname"


def test_new_actor_is_recognised_again_by_surname():
    """An unknown "Annalena Baerbock" is proposed once and "Baerbock" later means her."""
    text = (
        "German Foreign Minister Annalena Baerbock warned that escalation would come at a high "
        "price. Baerbock said that diplomacy was the only way."
    )
    found = extract(text).attributions

    assert [a.speaker.name for a in found] == ["Annalena Baerbock", "Annalena Baerbock"]
    assert found[0].speaker.key == found[1].speaker.key


def test_role_description_refers_back_to_the_speaker():
    """ "the department" is the State Department named in an earlier attribution."""
    text = (
        '"The trip shows our support for Ukraine," the State Department said in a statement.\n'
        '"It follows extensive diplomacy with our allies," the department said.'
    )
    found = extract(text, NAMES).attributions

    assert [a.speaker.actor for a in found] == [STATE_DEPARTMENT, STATE_DEPARTMENT]
    assert found[1].speaker.resolved_by == "role"


def test_trailing_attribution_of_a_paraphrase():
    """'…, The Hill reported.' attributes the sentence before the comma."""
    hill = ActorRef(21, "The Hill", is_person=False)
    text = "Officials believe Putin has chosen to go forward with an invasion, The Hill reported."
    a = only(text, {"The Hill": hill})

    assert a.speaker.actor == hill
    assert a.exact == "Officials believe Putin has chosen to go forward with an invasion"


def test_according_to_names_the_speaker():
    """'According to Sky News, …' attributes the rest of the sentence to Sky News."""
    sky = ActorRef(24, "Sky News", is_person=False)
    a = only("According to Sky News, Russia broke a promise to withdraw troops.", {"Sky News": sky})

    assert a.speaker.actor == sky
    assert a.exact == "Russia broke a promise to withdraw troops"


def test_claim_repeated_as_someone_else_claimed():
    """'… as Russia claimed' attributes the clause before it to Russia."""
    text = "Nobody has seen evidence that Russia had pulled some troops back as Russia claimed."
    a = only(text)

    assert a.speaker.actor == RUSSIA
    assert a.exact == "Russia had pulled some troops back"


def test_boilerplate_lines_are_flagged_and_never_attributed():
    """Calls to action, comment notices and inserted headlines yield no statements."""
    text = (
        "Putin claimed that there was a genocide in Donbas.\n"
        "SENATE SPLIT ON IMPOSING RUSSIAN SANCTIONS BEFORE OR AFTER INVASION OF UKRAINE\n"
        "US Hopes To Prevent Ukraine Invasion\n"
        "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER\n"
        "Kremlin Says It Will Respond To Sanctions\n"
        "Comments are closed."
    )
    result = extract(text, NAMES)

    assert [b.text for b in result.boilerplate] == text.split("\n")[1:]
    assert [a.speaker.actor for a in result.attributions] == [PUTIN]


def test_boilerplate_reasons():
    """Each flagged line says why it was skipped."""
    reasons = {
        b.text: b.reason for b in boilerplate("CLICK HERE TO READ MORE\nComments are closed.")
    }

    assert reasons == {
        "CLICK HERE TO READ MORE": "call to action",
        "Comments are closed.": "comments notice",
    }


def test_cue_words_inside_a_quote_are_not_attributions():
    """A "said" inside someone's quote is part of the quote."""
    text = '"Moscow said it would withdraw, and it did not," Kuleba said.'
    found = extract(text, NAMES).attributions

    assert [a.speaker.actor for a in found] == [KULEBA]


def test_offsets_always_point_at_the_exact_text():
    """Every proposal's offsets slice the text to its ``exact``, curly quotes and all."""
    text = (
        "“We are ready to have a serious dialogue,” she said.\n"
        "German Foreign Minister Annalena Baerbock warned that “any further escalation will come "
        "at a high price”, and she stressed the need for talks.\n"
        "“Diplomacy is the only way,” she said."
    )
    for a in extract(text).attributions:
        assert text[a.start : a.end] == a.exact


def test_unresolved_pronoun_is_proposed_without_a_speaker():
    """A pronoun with nobody to refer to is left for the editor, not guessed."""
    a = only('"We will not retreat," he said.')

    assert a.speaker.actor is None
    assert a.speaker.resolved_by == "unresolved"


def test_fold_matches_actor_name_folding():
    """Case, accents, spacing and curly apostrophes fold like ``Actor.named``."""
    assert fold("  Sérgey   LAVROV ") == "sergey lavrov"
    assert fold("Ukraine’s") == "ukraine's"


def test_a_callable_resolver_is_used_as_given():
    """Resolution may be any callable, e.g. a database lookup."""
    asked = []

    def resolve(name):
        asked.append(name)
        return LAVROV if name == "Lavrov" else None

    a = only('"This is misinformation," Lavrov said.', resolve)

    assert a.speaker.actor == LAVROV
    assert "Lavrov" in asked


def test_participle_cue_continues_the_attribution_before_it():
    """'"…," he said, adding that …' gives the same speaker a second statement."""
    text = (
        "Zelensky accused Moscow of shelling civilian areas. "
        '"This is terror," he said, adding that Ukraine would respond.'
    )
    found = extract(text).attributions

    assert [a.exact for a in found][-2:] == ["This is terror", "Ukraine would respond"]
    assert {a.speaker.name for a in found} == {"Zelensky"}


def test_participle_after_a_clause_takes_the_sentence_subject():
    """'Peskov declined to comment, saying that …' is Peskov's statement."""
    peskov = ActorRef(6, "Dmitry Peskov")
    text = (
        "Kremlin spokesperson Dmitry Peskov declined to comment, saying that no decision was made."
    )
    a = only(text, {"Dmitry Peskov": peskov})

    assert a.speaker.actor == peskov
    assert a.exact == "no decision was made"
