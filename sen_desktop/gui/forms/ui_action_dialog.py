# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'action_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QGridLayout, QLabel,
    QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget)

from sen_desktop.gui.common.date_fields import DateField

class Ui_ActionDialog(object):
    def setupUi(self, ActionDialog):
        if not ActionDialog.objectName():
            ActionDialog.setObjectName(u"ActionDialog")
        ActionDialog.resize(560, 420)
        self.main_layout = QVBoxLayout(ActionDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.context_label = QLabel(ActionDialog)
        self.context_label.setObjectName(u"context_label")
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.context_label)

        self.form_error = QLabel(ActionDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.group_label = QLabel(ActionDialog)
        self.group_label.setObjectName(u"group_label")

        self.fields_layout.addWidget(self.group_label, 0, 0, 1, 1)

        self.group_combo = QComboBox(ActionDialog)
        self.group_combo.setObjectName(u"group_combo")

        self.fields_layout.addWidget(self.group_combo, 0, 1, 1, 1)

        self.group_error = QLabel(ActionDialog)
        self.group_error.setObjectName(u"group_error")
        self.group_error.setProperty(u"role", u"error")
        self.group_error.setWordWrap(True)

        self.fields_layout.addWidget(self.group_error, 1, 1, 1, 1)

        self.description_label = QLabel(ActionDialog)
        self.description_label.setObjectName(u"description_label")
        self.description_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.fields_layout.addWidget(self.description_label, 2, 0, 1, 1)

        self.description_edit = QPlainTextEdit(ActionDialog)
        self.description_edit.setObjectName(u"description_edit")
        self.description_edit.setMaximumSize(QSize(16777215, 130))
        self.description_edit.setTabChangesFocus(True)

        self.fields_layout.addWidget(self.description_edit, 2, 1, 1, 1)

        self.description_error = QLabel(ActionDialog)
        self.description_error.setObjectName(u"description_error")
        self.description_error.setProperty(u"role", u"error")
        self.description_error.setWordWrap(True)

        self.fields_layout.addWidget(self.description_error, 3, 1, 1, 1)

        self.owner_label = QLabel(ActionDialog)
        self.owner_label.setObjectName(u"owner_label")

        self.fields_layout.addWidget(self.owner_label, 4, 0, 1, 1)

        self.owner_combo = QComboBox(ActionDialog)
        self.owner_combo.setObjectName(u"owner_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.owner_combo.sizePolicy().hasHeightForWidth())
        self.owner_combo.setSizePolicy(sizePolicy)
        self.owner_combo.setEditable(True)
        self.owner_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.fields_layout.addWidget(self.owner_combo, 4, 1, 1, 1)

        self.owner_error = QLabel(ActionDialog)
        self.owner_error.setObjectName(u"owner_error")
        self.owner_error.setProperty(u"role", u"error")
        self.owner_error.setWordWrap(True)

        self.fields_layout.addWidget(self.owner_error, 5, 1, 1, 1)

        self.due_check = QCheckBox(ActionDialog)
        self.due_check.setObjectName(u"due_check")

        self.fields_layout.addWidget(self.due_check, 6, 0, 1, 1)

        self.due_edit = DateField(ActionDialog)
        self.due_edit.setObjectName(u"due_edit")
        sizePolicy.setHeightForWidth(self.due_edit.sizePolicy().hasHeightForWidth())
        self.due_edit.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.due_edit, 6, 1, 1, 1)

        self.due_date_error = QLabel(ActionDialog)
        self.due_date_error.setObjectName(u"due_date_error")
        self.due_date_error.setProperty(u"role", u"error")
        self.due_date_error.setWordWrap(True)

        self.fields_layout.addWidget(self.due_date_error, 7, 1, 1, 1)

        self.status_label = QLabel(ActionDialog)
        self.status_label.setObjectName(u"status_label")

        self.fields_layout.addWidget(self.status_label, 8, 0, 1, 1)

        self.status_combo = QComboBox(ActionDialog)
        self.status_combo.setObjectName(u"status_combo")

        self.fields_layout.addWidget(self.status_combo, 8, 1, 1, 1)

        self.status_error = QLabel(ActionDialog)
        self.status_error.setObjectName(u"status_error")
        self.status_error.setProperty(u"role", u"error")
        self.status_error.setWordWrap(True)

        self.fields_layout.addWidget(self.status_error, 9, 1, 1, 1)

        self.brag_label = QLabel(ActionDialog)
        self.brag_label.setObjectName(u"brag_label")

        self.fields_layout.addWidget(self.brag_label, 10, 0, 1, 1)

        self.brag_combo = QComboBox(ActionDialog)
        self.brag_combo.setObjectName(u"brag_combo")

        self.fields_layout.addWidget(self.brag_combo, 10, 1, 1, 1)

        self.brag_error = QLabel(ActionDialog)
        self.brag_error.setObjectName(u"brag_error")
        self.brag_error.setProperty(u"role", u"error")
        self.brag_error.setWordWrap(True)

        self.fields_layout.addWidget(self.brag_error, 11, 1, 1, 1)

        self.brag_comment_label = QLabel(ActionDialog)
        self.brag_comment_label.setObjectName(u"brag_comment_label")
        self.brag_comment_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.fields_layout.addWidget(self.brag_comment_label, 12, 0, 1, 1)

        self.brag_comment_edit = QPlainTextEdit(ActionDialog)
        self.brag_comment_edit.setObjectName(u"brag_comment_edit")
        self.brag_comment_edit.setMaximumSize(QSize(16777215, 90))
        self.brag_comment_edit.setTabChangesFocus(True)

        self.fields_layout.addWidget(self.brag_comment_edit, 12, 1, 1, 1)

        self.brag_comment_error = QLabel(ActionDialog)
        self.brag_comment_error.setObjectName(u"brag_comment_error")
        self.brag_comment_error.setProperty(u"role", u"error")
        self.brag_comment_error.setWordWrap(True)

        self.fields_layout.addWidget(self.brag_comment_error, 13, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.button_box = QDialogButtonBox(ActionDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.group_label.setBuddy(self.group_combo)
        self.description_label.setBuddy(self.description_edit)
        self.owner_label.setBuddy(self.owner_combo)
        self.status_label.setBuddy(self.status_combo)
        self.brag_label.setBuddy(self.brag_combo)
        self.brag_comment_label.setBuddy(self.brag_comment_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ActionDialog)

        QMetaObject.connectSlotsByName(ActionDialog)
    # setupUi

    def retranslateUi(self, ActionDialog):
        ActionDialog.setWindowTitle(QCoreApplication.translate("ActionDialog", u"Action", None))
#if QT_CONFIG(accessibility)
        ActionDialog.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Action details", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.context_label.setAccessibleName(QCoreApplication.translate("ActionDialog", u"The action", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem saving this details", None))
#endif // QT_CONFIG(accessibility)
        self.group_label.setText(QCoreApplication.translate("ActionDialog", u"&Group:", None))
#if QT_CONFIG(accessibility)
        self.group_combo.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Group", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.group_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem with the group", None))
#endif // QT_CONFIG(accessibility)
        self.description_label.setText(QCoreApplication.translate("ActionDialog", u"&Action:", None))
#if QT_CONFIG(accessibility)
        self.description_edit.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Action", None))
#endif // QT_CONFIG(accessibility)
        self.description_edit.setPlaceholderText(QCoreApplication.translate("ActionDialog", u"What is to be done", None))
#if QT_CONFIG(accessibility)
        self.description_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem with the action", None))
#endif // QT_CONFIG(accessibility)
        self.owner_label.setText(QCoreApplication.translate("ActionDialog", u"&Owner:", None))
#if QT_CONFIG(accessibility)
        self.owner_combo.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Owner", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.owner_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem with the owner", None))
#endif // QT_CONFIG(accessibility)
        self.due_check.setText(QCoreApplication.translate("ActionDialog", u"&Due by:", None))
#if QT_CONFIG(accessibility)
        self.due_check.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Has a due date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.due_edit.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Due date", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.due_edit.setToolTip(QCoreApplication.translate("ActionDialog", u"Day/month/year, like 14/01/2027 or 14 Jan 2027; Alt+Down or F4 for a calendar", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.due_date_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem with the due date", None))
#endif // QT_CONFIG(accessibility)
        self.status_label.setText(QCoreApplication.translate("ActionDialog", u"&Status:", None))
#if QT_CONFIG(accessibility)
        self.status_combo.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Status", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.status_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem with the status", None))
#endif // QT_CONFIG(accessibility)
        self.brag_label.setText(QCoreApplication.translate("ActionDialog", u"&Rating (BRAG):", None))
#if QT_CONFIG(accessibility)
        self.brag_combo.setAccessibleName(QCoreApplication.translate("ActionDialog", u"BRAG rating", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.brag_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem with the rating", None))
#endif // QT_CONFIG(accessibility)
        self.brag_comment_label.setText(QCoreApplication.translate("ActionDialog", u"Rating &comment\n"
"(required for Red or Amber):", None))
#if QT_CONFIG(accessibility)
        self.brag_comment_edit.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Rating comment, required for Red or Amber", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.brag_comment_error.setAccessibleName(QCoreApplication.translate("ActionDialog", u"Problem with the rating comment", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

