from terreau.governance.versions import word_diff


def test_word_diff_keeps_what_stays_and_marks_what_changes():
    assert word_diff("Une page pèse 14 Ko.", "Une page pèse 10 Ko au plus.") == [
        ("same", "Une page pèse "),
        ("del", "14"),
        ("ins", "10"),
        ("same", " "),
        ("del", "Ko."),
        ("ins", "Ko au plus."),
    ]


def test_word_diff_of_identical_texts_changes_nothing():
    assert word_diff("Même texte.", "Même texte.") == [("same", "Même texte.")]
