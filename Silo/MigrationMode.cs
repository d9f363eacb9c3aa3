namespace HomeUniteUs.Silo;

/// <summary>HUU_MIGRATIONS: what a silo process does with the database's migrations before it starts.</summary>
public enum MigrationMode
{
    /// <summary><c>apply</c>, the default: apply what is missing, then start (a laptop, CI, docker compose).</summary>
    Apply,

    /// <summary><c>only</c>: apply what is missing and exit 0 without starting a silo (deploy/kubernetes' Job).</summary>
    Only,

    /// <summary><c>wait</c>: apply nothing; start once the journal shows every migration of this build (deploy/kubernetes' silos).</summary>
    Wait,
}
