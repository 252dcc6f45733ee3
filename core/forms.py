"""Form helpers shared by the apps."""


class SharedFields(dict):
    """Form fields that ``BaseForm`` shares instead of deep-copying.

    ``BaseForm.__init__`` deep-copies ``self.base_fields`` into
    ``self.fields`` so that each form may change its own. A public form
    whose fields are built once per configuration (the registration form,
    the questionnaire answer form) and which is only validated, never
    rendered, sets ``self.base_fields = SharedFields(fields)`` before calling
    it: the copy then copies the dict only. A form that is rendered must
    keep its own copy: rendering may write into widgets (crispy adds its CSS
    classes to ``widget.attrs``).
    """

    def __deepcopy__(self, memo):
        return dict(self)
