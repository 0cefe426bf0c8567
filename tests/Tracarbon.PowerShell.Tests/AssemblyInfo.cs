using Xunit;

// Tests set TRACARBON_* environment variables, which are process-wide: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
