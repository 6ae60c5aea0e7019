package deflection

// EstimateForTest runs the holdout estimate on made-up counts.
func EstimateForTest(n1, t1, n2, t2 int) HoldoutEstimate {
	var rows []sessionRow
	add := func(n, tickets int, holdout bool) {
		for i := 0; i < n; i++ {
			o := OutcomeSolved
			if i < tickets {
				o = OutcomeTicket
			}
			rows = append(rows, sessionRow{Source: SourceHelp, Holdout: holdout, Outcome: &o})
		}
	}
	add(n1, t1, true)
	add(n2, t2, false)
	return estimate(rows, 0.1)
}

// FailedDeliveryCount is the query that counts the tickets of which a
// delivery to the hotline failed.
const FailedDeliveryCount = failedDeliveryCount
