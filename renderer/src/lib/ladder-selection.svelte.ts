/**
 * What the technician has chosen in the ladder: the capture, and the dialog (Call-ID) or device
 * (`IP:PORT`) whose flow is open. The hook for "attach this dialog's trace to the report": the
 * export's component reads `ladderSelection.current` (reactive) and offers to attach exactly that;
 * `export FILE --dialog CALL-ID | --device ADDR` takes the same values.
 */
export interface LadderChoiceType {
  caseId: string;
  fileName: string;
  callId: string | null;
  device: string | null;
}

class LadderSelection {
  current = $state<LadderChoiceType | null>(null);

  choose(choice: LadderChoiceType | null): void {
    this.current = choice;
  }
}

export const ladderSelection = new LadderSelection();
