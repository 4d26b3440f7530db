using Services.Workflows.Content;

namespace Services.Tests.Unit.Content;

/// <summary>The editor's markup becomes allow-listed HTML; everything else an editor might type is cleaned away.</summary>
public sealed class ContentBodyTests
{
    [Fact]
    public void MarkupBecomesHeadingsParagraphsListsBoldAndLinks()
    {
        var html = ContentBody.ToHtml("## Lịch\nDòng một\nDòng hai\n\n- **Sáng**: họp\n- [Kế hoạch](https://so.example.vn/kh)");
        Assert.Equal("<h2>Lịch</h2>\n<p>Dòng một<br>Dòng hai</p>\n<ul>\n<li><strong>Sáng</strong>: họp</li>\n<li><a href=\"https://so.example.vn/kh\">Kế hoạch</a></li>\n</ul>\n", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>Chào", "<script", "Chào")]
    [InlineData("<a href=\"javascript:alert(1)\">Bấm</a>", "javascript:", "Bấm")]
    [InlineData("<strong onclick=\"x()\">Đỏ</strong>", "onclick", "<strong>Đỏ</strong>")]
    [InlineData("<em style=\"color:red\">Nghiêng</em>", "style=", "<em>Nghiêng</em>")]
    [InlineData("<iframe src=\"https://x.example\"></iframe>Hết", "<iframe", "Hết")]
    [InlineData("<img src=x onerror=alert(1)>Ảnh", "<img", "Ảnh")]
    public void WhatIsNotOnTheAllowListIsRemoved(string source, string removed, string kept)
    {
        var html = ContentBody.ToHtml(source);
        Assert.DoesNotContain(removed, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(kept, html, StringComparison.Ordinal);
    }

    [Fact]
    public void SlugsFoldVietnameseAccentsAndD() =>
        Assert.Equal("dang-ky-tuyen-sinh-lop-10-nam-2026", ContentSlug.From("Đăng ký tuyển sinh lớp 10 — năm 2026!"));

    [Fact]
    public void TheDiffNamesAddedAndRemovedLinesAndKeepsTheRest()
    {
        var lines = ContentDiff.Lines("a\nb\nc", "a\nc\nd");
        Assert.Equal([new DiffLine(DiffKind.Same, "a"), new DiffLine(DiffKind.Removed, "b"), new DiffLine(DiffKind.Same, "c"), new DiffLine(DiffKind.Added, "d")], lines);
    }
}
