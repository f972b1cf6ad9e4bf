using System.Text.Json.Nodes;

namespace CreditFunctions.IntegrationTests.LedgerSimulators.QuickBooks;

/// <summary>
/// Applying a CreditMemo with a zero-amount Payment (Q2), un-applying by editing or deleting the Payment (Q3), Payment void
/// as Intuit documents it (contract §5, §10), and the JournalEntry and RefundReceipt rules (Q4, contract §6–§7).
/// </summary>
public sealed class QuickBooksPaymentTests
{
    [Fact]
    public async Task A_zero_amount_payment_linking_invoice_and_memo_applies_the_credit_in_full()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-1", 110m);
        var memo = await harness.CreateCreditMemoAsync("CN-1", 100m);

        var (status, body, _) = await harness.PostAsync("payment", QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, 110m));

        Assert.Equal(200, status);
        var payment = body["Payment"]!;
        Assert.Equal((0m, 0m), ((decimal)payment["TotalAmt"]!, (decimal)payment["UnappliedAmt"]!));
        Assert.Equal(0m, harness.InvoiceBalance("INV-1"));
        var stored = harness.Simulator.Store.CreditMemosByNumber("CN-1").Single();
        Assert.Equal(0m, (decimal)stored["RemainingCredit"]!);
        Assert.Equal((string?)payment["Id"], (string?)stored["LinkedTxn"]![0]!["TxnId"]);
        Assert.Equal("Payment", (string?)stored["LinkedTxn"]![0]!["TxnType"]);
    }

    [Fact]
    public async Task A_partial_application_leaves_both_invoice_balance_and_remaining_credit_open()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-2", 500m);
        var memo = await harness.CreateCreditMemoAsync("CN-2", 100m);

        var (status, _, _) = await harness.PostAsync("payment", QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, 40m));

        Assert.Equal(200, status);
        Assert.Equal(460m, harness.InvoiceBalance("INV-2"));
        Assert.Equal(70m, (decimal)harness.Simulator.Store.CreditMemosByNumber("CN-2").Single()["RemainingCredit"]!);
    }

    [Theory]
    [InlineData(111, 500)] // more than the memo's remaining credit
    [InlineData(60, 50)] // more than the invoice's balance
    public async Task Applying_more_than_is_open_is_a_business_validation_error(int amount, int invoiceTotal)
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-3", invoiceTotal);
        var memo = await harness.CreateCreditMemoAsync("CN-3", 100m);

        var (status, body, _) = await harness.PostAsync("payment", QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, amount));

        Assert.Equal((400, "6000"), (status, QuickBooksHarness.Code(body)));
        Assert.DoesNotContain(harness.Simulator.Store.Payments(harness.RealmId), p => (decimal)p["TotalAmt"]! == 0m);
    }

    [Fact]
    public async Task A_payment_without_TotalAmt_or_with_credits_exceeding_charges_is_refused()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-4", 500m);
        var memo = await harness.CreateCreditMemoAsync("CN-4", 100m);
        var noTotal = QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, 10m);
        noTotal.Remove("TotalAmt");
        var lopsided = QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, 10m);
        lopsided["Line"]![0]!["Amount"] = 5m;

        var missing = await harness.PostAsync("payment", noTotal);
        var unbalanced = await harness.PostAsync("payment", lopsided);

        Assert.Equal("2020", QuickBooksHarness.Code(missing.Body));
        Assert.Equal("6000", QuickBooksHarness.Code(unbalanced.Body));
    }

    [Fact]
    public async Task Unapplying_by_editing_the_payment_lines_reopens_the_invoice()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-5", 110m);
        var memo = await harness.CreateCreditMemoAsync("CN-5", 100m);
        var payment = (await harness.PostAsync("payment", QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, 110m))).Body["Payment"]!;

        var (status, _, _) = await harness.PostAsync("payment", new JsonObject { ["Id"] = (string?)payment["Id"], ["SyncToken"] = "0", ["sparse"] = true, ["Line"] = new JsonArray() });

        Assert.Equal(200, status);
        Assert.Equal(110m, harness.InvoiceBalance("INV-5"));
        var stored = harness.Simulator.Store.CreditMemosByNumber("CN-5").Single();
        Assert.Equal(110m, (decimal)stored["RemainingCredit"]!);
        Assert.Null(stored["LinkedTxn"]);
    }

    [Fact]
    public async Task Deleting_the_payment_unapplies_it_and_an_applied_memo_cannot_be_deleted_before()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-6", 110m);
        var memo = await harness.CreateCreditMemoAsync("CN-6", 100m);
        var payment = (await harness.PostAsync("payment", QuickBooksHarness.ZeroPayment(harness.CustomerId, invoiceId, (string)memo["Id"]!, 50m))).Body["Payment"]!;

        var blocked = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = (string?)memo["Id"], ["SyncToken"] = "0" }, "operation=delete");
        var shrink = harness.CreditMemo("CN-6", 10m);
        shrink["Id"] = (string?)memo["Id"];
        shrink["SyncToken"] = "0";
        var shrunk = await harness.PostAsync("creditmemo", shrink);
        var unapplied = await harness.PostAsync("payment", new JsonObject { ["Id"] = (string?)payment["Id"], ["SyncToken"] = "0" }, "operation=delete");
        var deleted = await harness.PostAsync("creditmemo", new JsonObject { ["Id"] = (string?)memo["Id"], ["SyncToken"] = "0" }, "operation=delete");

        Assert.Equal("6000", QuickBooksHarness.Code(blocked.Body));
        Assert.Equal("6000", QuickBooksHarness.Code(shrunk.Body));
        Assert.Equal(200, unapplied.Status);
        Assert.Equal(200, deleted.Status);
        Assert.Equal(110m, harness.InvoiceBalance("INV-6"));
    }

    [Fact]
    public async Task A_payment_is_voided_by_update_with_include_void_which_zeroes_it_and_notes_Voided()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var invoiceId = harness.SeedInvoice("INV-7", 200m);
        var paid = new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = harness.CustomerId },
            ["TotalAmt"] = 80m,
            ["PrivateNote"] = "cheque 12",
            ["Line"] = new JsonArray(new JsonObject { ["Amount"] = 80m, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoiceId, ["TxnType"] = "Invoice" }) }),
        };
        var payment = (await harness.PostAsync("payment", paid)).Body["Payment"]!;
        var stub = new JsonObject { ["Id"] = (string?)payment["Id"], ["SyncToken"] = "0", ["sparse"] = true };

        var wrongForm = await harness.PostAsync("payment", stub.DeepClone(), "operation=void");
        var (status, body, _) = await harness.PostAsync("payment", stub.DeepClone(), "operation=update&include=void");

        Assert.Equal(400, wrongForm.Status);
        Assert.Equal(200, status);
        Assert.Equal((0m, "Voided - cheque 12"), ((decimal)body["Payment"]!["TotalAmt"]!, (string?)body["Payment"]!["PrivateNote"]));
        Assert.Equal(200m, harness.InvoiceBalance("INV-7"));
    }

    [Fact]
    public async Task DocNumber_is_not_filterable_on_Payment()
    {
        await using var harness = await QuickBooksHarness.StartAsync();

        var (status, body, _) = await harness.QueryAsync("select * from Payment where DocNumber = '1'");

        Assert.Equal((400, "4001"), (status, QuickBooksHarness.Code(body)));
    }

    [Fact]
    public async Task Journal_entries_must_balance_and_name_the_customer_on_receivable_lines_then_a_payment_can_apply_a_credit_to_them()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var memo = await harness.CreateCreditMemoAsync("CN-8", 100m);
        JsonObject Entry(decimal debit, decimal credit, bool entity) => new()
        {
            ["Line"] = new JsonArray(
                new JsonObject
                {
                    ["Amount"] = debit,
                    ["DetailType"] = "JournalEntryLineDetail",
                    ["JournalEntryLineDetail"] = entity
                        ? new JsonObject { ["PostingType"] = "Debit", ["AccountRef"] = new JsonObject { ["value"] = "84" }, ["Entity"] = new JsonObject { ["Type"] = "Customer", ["EntityRef"] = new JsonObject { ["value"] = harness.CustomerId } } }
                        : new JsonObject { ["PostingType"] = "Debit", ["AccountRef"] = new JsonObject { ["value"] = "84" } },
                },
                new JsonObject { ["Amount"] = credit, ["DetailType"] = "JournalEntryLineDetail", ["JournalEntryLineDetail"] = new JsonObject { ["PostingType"] = "Credit", ["AccountRef"] = new JsonObject { ["value"] = "35" } } }),
        };

        var noEntity = await harness.PostAsync("journalentry", Entry(110m, 110m, entity: false));
        var unbalanced = await harness.PostAsync("journalentry", Entry(110m, 100m, entity: true));
        var entry = await harness.PostAsync("journalentry", Entry(110m, 110m, entity: true));
        var apply = new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = harness.CustomerId },
            ["TotalAmt"] = 0,
            ["Line"] = new JsonArray(
                new JsonObject { ["Amount"] = 110m, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = (string?)entry.Body["JournalEntry"]!["Id"], ["TxnType"] = "JournalEntry" }) },
                new JsonObject { ["Amount"] = 110m, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = (string?)memo["Id"], ["TxnType"] = "CreditMemo" }) }),
        };
        var applied = await harness.PostAsync("payment", apply);

        Assert.Equal("6000", QuickBooksHarness.Code(noEntity.Body));
        Assert.Equal("6000", QuickBooksHarness.Code(unbalanced.Body));
        Assert.Equal(200, entry.Status);
        Assert.Equal(200, applied.Status);
        Assert.Equal(0m, (decimal)harness.Simulator.Store.CreditMemosByNumber("CN-8").Single()["RemainingCredit"]!);
    }

    [Fact]
    public async Task A_refund_receipt_is_a_standalone_cash_refund_that_needs_the_account_it_is_paid_from()
    {
        await using var harness = await QuickBooksHarness.StartAsync();
        var refund = harness.CreditMemo("RF-1", 50m);

        var missing = await harness.PostAsync("refundreceipt", refund.DeepClone());
        refund["DepositToAccountRef"] = new JsonObject { ["value"] = "35" };
        var (status, body, _) = await harness.PostAsync("refundreceipt", refund);

        Assert.Equal(("2020", "DepositToAccountRef"), (QuickBooksHarness.Code(missing.Body), (string?)missing.Body["Fault"]!["Error"]![0]!["element"]));
        Assert.Equal((200, 55m), (status, (decimal)body["RefundReceipt"]!["TotalAmt"]!));
    }
}
