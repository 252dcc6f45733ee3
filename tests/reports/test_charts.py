def test_pygal_charts_are_plain_labelled_svg_for_documents():
    import pygal
    from defusedxml.minidom import parseString

    from reports.charts import pygal_chart, render

    charts = []
    for title in ("Participants par édition", "Satisfaction"):
        chart = pygal_chart(pygal.Line, title=title)
        chart.x_labels = ["2011", "<b>2013</b>"]
        chart.add("Participants", [322, 1155])
        charts.append(render(chart))
    svg = charts[0]
    parseString(svg)  # one class attribute, well-formed
    assert "<script" not in svg
    assert 'aria-label="Participants par édition"' in svg
    assert "<b>2013</b>" not in svg
    # Two charts in one document repeat no legend id.
    assert 'id="activate-serie-0"' not in "".join(charts)
