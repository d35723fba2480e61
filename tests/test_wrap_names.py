"""Long names in inline code get a break opportunity after each dot and underscore, and nowhere else."""

from contract_catalog.render.wrap_names import breakable_names


def test_a_long_name_may_wrap_after_dots_and_underscores_only():
    html = "<td><code>settlement.processor_reference</code></td>"
    assert breakable_names(html) == "<td><code>settlement.<wbr>processor_<wbr>reference</code></td>"


def test_short_names_code_blocks_and_text_with_spaces_stay_as_they_are():
    for html in (
        "<code>intake.matched</code>",
        '<pre><code class="language-json">{"a_b_c_d_e_f_g_h_i": 1}</code></pre>',
        "<pre><code>a_very_long_name_in_a_code_block</code></pre>",
        "<code>a long_sentence_with spaces</code>",
    ):
        assert breakable_names(html) == html
