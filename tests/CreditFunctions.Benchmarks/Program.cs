Console.WriteLine("usage: dotnet run -c Release --project tests/CreditFunctions.Benchmarks -- <storage|xero|pipeline>");
return 2;
