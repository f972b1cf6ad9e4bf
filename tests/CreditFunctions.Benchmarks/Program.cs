using CreditFunctions.Benchmarks.Storage;

// One command per benchmark; each prints its own figures. Add a line per benchmark.
return args.FirstOrDefault() switch
{
    "storage" => await StorageBenchmark.RunAsync(args[1..]),
    "xero" => await CreditFunctions.Benchmarks.Xero.XeroAdapterBenchmark.RunAsync(args[1..]),
    "myob" => await CreditFunctions.Benchmarks.Myob.MyobAdapterBenchmark.RunAsync(args[1..]),
    "quickbooks" => await CreditFunctions.Benchmarks.QuickBooks.QuickBooksAdapterBenchmark.RunAsync(args[1..]),
    "pipeline" => await CreditFunctions.Benchmarks.Pipeline.PipelineBenchmark.RunAsync(args[1..]),
    "bulk" => await CreditFunctions.Benchmarks.Pipeline.BulkBenchmark.RunAsync(args[1..]),
    "chaos" => await CreditFunctions.Benchmarks.Chaos.ChaosCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/CreditFunctions.Benchmarks -- <storage|xero|myob|quickbooks|pipeline|bulk|chaos>");
    return 2;
}
