"""Django form fields rendered in GOV.UK Frontend markup by {% field %} and {% error_summary %}."""

import datetime

from django import forms
from django.template import Context, Template

from web.forms import DateInputField


class Everything(forms.Form):
    name = forms.CharField(label="Full name", help_text="As in the passport.")
    gender = forms.ChoiceField(choices=[("female", "Female"), ("male", "Male")])
    channel = forms.ChoiceField(
        choices=[("email", "E-mail"), ("post", "Post")], widget=forms.RadioSelect
    )
    posts = forms.MultipleChoiceField(
        choices=[("1", "DDG Operations"), ("2", "DDG Management")],
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(widget=forms.Textarea)
    dated_on = DateInputField(label="Date of the note")
    scan = forms.FileField()
    cv_to_follow = forms.BooleanField(label="The CV follows", required=False)


def render(form, source):
    return Template("{% load govuk %}" + source).render(Context({"form": form}))


def test_each_widget_gets_its_govuk_control():
    html = render(Everything(), "{% for f in form %}{% field f %}{% endfor %}")

    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As in the passport.</div>' in html
    assert 'class="govuk-input" aria-describedby="id_name-hint"' in html
    assert '<select name="gender" class="govuk-select"' in html
    assert 'class="govuk-radios__input" id="id_channel_0" name="channel" type="radio"' in html
    assert (
        'class="govuk-checkboxes__input" id="id_posts_1" name="posts" type="checkbox" value="2"'
        in html
    )
    assert '<textarea name="reason" cols="40" rows="10" class="govuk-textarea"' in html
    assert 'class="govuk-date-input" id="id_dated_on"' in html
    assert 'id="id_dated_on_2" name="dated_on_2"' in html
    assert 'type="file" name="scan" class="govuk-file-upload"' in html
    assert 'type="checkbox" name="cv_to_follow" class="govuk-checkboxes__input"' in html
    assert "<legend" in html  # radios, checkboxes and the date sit in a fieldset


def test_errors_are_summarised_with_links_and_shown_at_each_field():
    form = Everything(data={"dated_on_0": "31", "dated_on_1": "2", "dated_on_2": "2023"})

    html = render(form, "{% error_summary form %}{% field form.dated_on %}{% field form.name %}")

    assert 'href="#id_dated_on_0">Enter a real date, for example 15 11 2023.</a>' in html
    assert 'href="#id_name">This field is required.</a>' in html
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert 'id="id_name-error" class="govuk-error-message"' in html
    assert (
        'class="govuk-input govuk-input--error" aria-describedby="id_name-hint id_name-error"'
        in html
    )
    assert 'value="31"' in html  # what was typed is kept


def test_a_date_typed_in_three_boxes_is_a_date():
    field = DateInputField()

    assert field.clean(["15", "11", "2023"]) == datetime.date(2023, 11, 15)


def test_an_empty_form_has_no_error_summary():
    assert "govuk-error-summary" not in render(Everything(), "{% error_summary form %}")
