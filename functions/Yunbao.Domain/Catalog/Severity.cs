namespace Yunbao.Domain.Catalog;

public enum Severity { Low = 1, Medium = 2, High = 3, Critical = 4 }
