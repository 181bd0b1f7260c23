import { OverlayContainer } from '@angular/cdk/overlay';
import { ElementRef, inject, Injectable } from '@angular/core';

/**
 * Where a field's calendar opens: inside the open `<dialog>` the field sits in, else the CDK's container at the end
 * of <body>. A modal `<dialog>` (the app's action dialogs use `showModal()`) makes everything outside it inert, so a
 * calendar opened at the end of <body> is painted on top but takes no click and no focus. Provided per field.
 */
@Injectable()
export class DialogAwareOverlayContainer extends OverlayContainer {
  private readonly field = inject(ElementRef<HTMLElement>);

  override getContainerElement(): HTMLElement {
    const dialog = (this.field.nativeElement as HTMLElement).closest('dialog');
    if (!dialog) return super.getContainerElement();
    let container = dialog.querySelector<HTMLElement>(':scope > .cdk-overlay-container');
    if (!container) {
      container = dialog.ownerDocument.createElement('div');
      container.classList.add('cdk-overlay-container');
      dialog.appendChild(container);
    }
    return container;
  }
}
