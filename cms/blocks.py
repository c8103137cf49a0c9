"""StreamField blocks for chapters and the strategic part.

Every block instance keeps its StreamField id; templates render it as the
anchor `blok-<id>` so comments and links can point at one paragraph and keep
pointing at it across revisions.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A heading with an explicit level, so chapters keep a correct outline for screen readers and the PDF's tags."""

    text = blocks.CharBlock(label=_("heading"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("level 2")), ("h3", _("level 3")), ("h4", _("level 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading_block.html"
        preview_value = {"text": "Analýza potřeb uživatelů", "level": "h2"}
        description = _("A heading that structures the chapter.")


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text limited to what a plan needs; each paragraph is a block of its own, so comments can target it."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "blockquote"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "cms/blocks/paragraph_block.html"
        preview_value = "<p>Pečovatelská služba je dostupná ve všech obcích ORP.</p>"


class DataTableBlock(TableBlock):
    """A data table; the caption and header row are what screen readers announce."""

    def __init__(self, **kwargs):
        kwargs.setdefault("table_options", {"contextMenu": True, "startRows": 3, "startCols": 3})
        super().__init__(**kwargs)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "cms/blocks/data_table_block.html"
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Počet klientů podle služby",
            "data": [["Služba", "2023", "2024"], ["Pečovatelská služba", "120", "135"]],
        }


class FigureBlock(blocks.StructBlock):
    """An image with required alternative text (or marked decorative) and a caption."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/figure_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a library document, so access rules and versions apply instead of a pasted file URL."""

    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(label=_("link text"), required=False, help_text=_("Defaults to the document title."))

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "cms/blocks/document_link_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted note (information, important, good news) with a meaning, not just a colour."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("information")), ("important", _("important")), ("success", _("good news"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "cms/blocks/callout_block.html"
        preview_value = {
            "kind": "important",
            "title": "Důležité",
            "text": "<p>Připomínky lze podávat do 15. března.</p>",
        }


class KeyFigureBlock(blocks.StructBlock):
    """One figure with its label and note, for the key facts of an analysis."""

    value = blocks.CharBlock(label=_("value"), max_length=50)
    label = blocks.CharBlock(label=_("label"), max_length=255)
    note = blocks.CharBlock(label=_("note"), required=False, max_length=255)

    class Meta:
        icon = "decimal"
        label = _("Key figure")


class KeyFiguresBlock(blocks.StructBlock):
    """A titled set of key figures, such as the population facts at the head of an analysis chapter."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("figures"), min_num=1)

    class Meta:
        icon = "pick"
        label = _("Key figures")
        template = "cms/blocks/key_figures_block.html"
        preview_value = {
            "title": "Území v číslech",
            "figures": [
                {"value": "45 210", "label": "obyvatel", "note": ""},
                {"value": "21 %", "label": "obyvatel nad 65 let", "note": "ČSÚ 2024"},
            ],
        }


class ChapterBodyBlock(blocks.StreamBlock):
    """The blocks a plan chapter is written in; kept small so every chapter renders the same on the web and in the PDF."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    table = DataTableBlock()
    figure = FigureBlock()
    document_link = DocumentLinkBlock()
    callout = CalloutBlock()
    key_figures = KeyFiguresBlock()

    class Meta:
        block_counts = {}


# Lists inside an activity of the strategic part (cms.models.strategy.StrategyEntry).


class FundingSourceBlock(blocks.StructBlock):
    """Where an activity's money comes from and how much, so monitoring can compare spending per source."""

    source = blocks.CharBlock(
        label=_("source"), max_length=255, help_text=_("For example: rozpočet obce, MPSV, ESF+.")
    )
    amount = blocks.DecimalBlock(label=_("amount (CZK)"), required=False, min_value=0, decimal_places=0)

    class Meta:
        icon = "tag"
        label = _("Funding source")


class IndicatorBlock(blocks.StructBlock):
    """A measurable indicator of an activity (baseline → target), which monitoring reports against."""

    name = blocks.CharBlock(label=_("indicator"), max_length=255)
    unit = blocks.CharBlock(label=_("unit"), max_length=50, required=False)
    baseline = blocks.DecimalBlock(label=_("baseline"), required=False, decimal_places=2)
    target = blocks.DecimalBlock(label=_("target"), required=False, decimal_places=2)

    class Meta:
        icon = "pick"
        label = _("Indicator")
