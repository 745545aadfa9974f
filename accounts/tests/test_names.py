import pytest
from django.core.exceptions import ValidationError

from accounts import names


@pytest.mark.parametrize("name", ["Rosa Reader", "Zoë O'Neill", "Ana-María", "李小龍", "night_owl.42", "Олег"])
def test_it_accepts_ordinary_names(name):
    assert names.check(name) == name


def test_it_tidies_spaces_and_full_width_forms():
    assert names.check("  Ｒｏｓａ   Reader ") == "Rosa Reader"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Al", "too_short"),
        ("x" * 31, "too_long"),
        ("<script>", "characters"),
        ("Rosa\u202eReader", "characters"),  # right-to-left override
        ("Rosa\u200bReader", "characters"),  # zero-width space
        ("12345", "no_letters"),
        ("Rоsa Reader", "mixed_scripts"),  # Cyrillic о
        ("admin", "reserved"),
        ("Adm1n", "reserved"),
        ("The Moderator", "reserved"),
        ("NewsLine Editor", "reserved"),
        ("former reader", "reserved"),
        ("Support", "reserved"),
    ],
)
def test_it_refuses_bad_names_with_a_reason(name, code):
    with pytest.raises(ValidationError) as error:
        names.check(name)
    assert error.value.code == code


def test_it_folds_look_alikes_into_one_key():
    assert names.key("R0SA_reader") == names.key("rosa reader") == names.key("Rosa Reader")
    assert names.key("Rosa Reader") != names.key("Rosa Readers")


@pytest.mark.django_db
def test_it_treats_a_look_alike_of_an_existing_name_as_taken(reader, stranger):
    assert names.is_taken("ROSA  reader")
    assert names.is_taken("R0sa-Reader")
    assert not names.is_taken("Rosa Reader", exclude_user_id=reader.pk)
    assert not names.is_taken("Someone New")


@pytest.mark.django_db
def test_it_keeps_keys_unique_in_the_database(reader, django_user_model):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user("copy", "copy@example.org", "x", display_name="rosa READER")
    # Blank names (staff without one yet) do not clash.
    django_user_model.objects.create_user("a1", "a1@example.org", "x")
    django_user_model.objects.create_user("a2", "a2@example.org", "x")
