// The approver page (approve.html): one element does it all.
import './approval-desk.js';
