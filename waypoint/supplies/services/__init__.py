"""The supplies domain's work, one module per concept: the catalog, the ledger (the only
writer of stock movements), lots, receiving and adjusting stock, transfers, counts,
imports and the daily digest. Each write is one audited transaction; a concept's reads
sit beside its writes (the count sheet, lots near expiry, stock on the way)."""
