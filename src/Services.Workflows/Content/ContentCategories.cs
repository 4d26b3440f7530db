using Services.Data.Content;

namespace Services.Workflows.Content;

/// <summary>
/// The fixed categories of each kind (news sections, document types, disclosure groups of Circular 36/2017): slugs
/// stored on the item, their names in the content resources (<c>Content.Category.{slug}</c>).
/// </summary>
public static class ContentCategories
{
    public static IReadOnlyList<string> Of(ContentKind kind) => kind switch
    {
        ContentKind.News => ["hoat-dong", "thong-bao", "tuyen-sinh", "su-kien"],
        ContentKind.Document => ["quyet-dinh", "cong-van", "ke-hoach", "thong-bao-vb", "bao-cao"],
        ContentKind.Resource => ["bai-giang", "tai-lieu", "video", "phan-mem"],
        _ => ["chat-luong", "dieu-kien", "thu-chi"],
    };

    public static bool IsValid(ContentKind kind, string? category) => category is not null && Of(kind).Contains(category);
}
