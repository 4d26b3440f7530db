namespace Services.Data.Units;

public enum UnitKind
{
    Department,
    DistrictOffice,
    Preschool,
    PrimarySchool,
    LowerSecondarySchool,
    UpperSecondarySchool,
    ContinuingEducationCentre,
}
